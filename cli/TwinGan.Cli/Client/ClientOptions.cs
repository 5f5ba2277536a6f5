using System.CommandLine;

namespace TwinGan.Cli.Client;

/// <summary>
/// Options every client command takes: where the deployment is, the bearer key, JSON output and the per-call
/// deadline. Environment variables give the defaults so scripts set them once.
/// </summary>
internal sealed class ClientOptions
{
    public const string AddressVariable = "TWINGAN_ADDRESS";
    public const string ApiKeyVariable = "TWINGAN_API_KEY";
    public const string DefaultAddress = "http://127.0.0.1:5000";

    public Option<string> Address { get; } = new("--address")
    {
        Description = $"server address (default: ${AddressVariable}, else {DefaultAddress}, the local `twingan serve`)",
    };

    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = $"bearer key when the server has Auth:Enabled (default: ${ApiKeyVariable})",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "machine-readable JSON on stdout (errors as JSON on stderr)" };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "deadline of each call in seconds",
        DefaultValueFactory = _ => 120,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Address);
        command.Options.Add(ApiKey);
        command.Options.Add(Json);
        command.Options.Add(Timeout);
    }

    public string ResolveAddress(ParseResult parse) =>
        Normalize(parse.GetValue(Address) ?? Environment.GetEnvironmentVariable(AddressVariable) ?? DefaultAddress);

    public ClientContext Open(ParseResult parse)
    {
        var timeout = parse.GetValue(Timeout);
        if (timeout <= 0) throw new UsageException("--timeout must be a positive number of seconds.");
        var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        return ClientContext.Connect(ResolveAddress(parse), string.IsNullOrWhiteSpace(key) ? null : key.Trim(),
            parse.GetValue(Json), TimeSpan.FromSeconds(timeout));
    }

    /// <summary><c>host:port</c> means plain HTTP/2 (what <c>twingan serve</c> speaks); a scheme is kept as given.</summary>
    public static string Normalize(string address)
    {
        var trimmed = address.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal)) trimmed = "http://" + trimmed;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new UsageException($"--address '{address}' is not an http:// or https:// address.", "Example: --address http://127.0.0.1:5000");
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
