namespace TwinGan.ServiceDefaults.Security;

/// <summary>
/// Optional bearer-key authentication. Bound from <c>Auth</c>; in Kubernetes the keys come from a Secret as
/// environment variables (<c>Auth__Keys__0__Key</c>, <c>Auth__Keys__0__Scope</c>).
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>When true every RPC except <c>grpc.health.v1</c> needs <c>authorization: Bearer &lt;key&gt;</c>.</summary>
    public bool Enabled { get; set; }

    public List<ApiKey> Keys { get; set; } = [];
}

/// <summary>One accepted key and what it may do.</summary>
public sealed class ApiKey
{
    /// <summary>A short name for logs; the key itself is never logged.</summary>
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary><see cref="ApiKeyScope.User"/> may call read and serving RPCs; <see cref="ApiKeyScope.Admin"/> also the mutating Trainer RPCs.</summary>
    public ApiKeyScope Scope { get; set; } = ApiKeyScope.User;
}

public enum ApiKeyScope
{
    User = 0,
    Admin = 1,
}
