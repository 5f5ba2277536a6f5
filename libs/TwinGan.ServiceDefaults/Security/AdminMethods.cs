namespace TwinGan.ServiceDefaults.Security;

/// <summary>
/// Full gRPC method names (<c>/package.Service/Method</c>) that need an admin-scoped key when auth is on.
/// Each service host adds its own mutating methods (the Trainer's start/cancel/resume/publish).
/// </summary>
public sealed class AdminMethods
{
    private readonly HashSet<string> _methods = new(StringComparer.Ordinal);

    public void Add(string serviceFullName, params string[] methodNames)
    {
        foreach (var m in methodNames) _methods.Add($"/{serviceFullName}/{m}");
    }

    public bool Contains(string fullMethod) => _methods.Contains(fullMethod);
}
