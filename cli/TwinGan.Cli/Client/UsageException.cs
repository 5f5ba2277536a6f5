namespace TwinGan.Cli.Client;

/// <summary>A problem on the caller's side that a server never saw: a missing input file, a malformed config file.</summary>
internal sealed class UsageException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;
}
