using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;

namespace TwinGan.Cli.Client;

/// <summary>
/// One failure as the user sees it: a one-line message, the offending fields, a hint, and the exit code.
/// Built from a gRPC status (docs/protos.md error model), a per-item <see cref="ItemError"/>, or a local problem.
/// Expected failures never show a stack trace.
/// </summary>
internal sealed record CliError(string Code, int ExitCode, string Message, IReadOnlyList<(string Field, string Description)> Fields, string? Hint)
{
    public static CliError From(RpcException e, string address)
    {
        var fields = Violations(e);
        var message = e.Status.Detail;
        if (Transport(e, address) is { } transport)
            return new CliError(Name(e.StatusCode), ExitCodes.Unavailable, transport.Message, fields, transport.Hint);
        if (e.StatusCode == StatusCode.Internal && message.Contains("downgraded to HTTP/1.1", StringComparison.Ordinal))
            return new CliError(Name(e.StatusCode), ExitCodes.Unavailable, $"{address} did not answer gRPC over HTTP/2.",
                fields, "Is it a TwinGan server? A TLS server needs an https:// address; a plain one http://.");
        return new CliError(Name(e.StatusCode), ExitCodes.For(e.StatusCode), message.Length > 0 ? message : e.StatusCode.ToString(),
            fields, HintFor(e.StatusCode));
    }

    public static CliError From(ItemError error)
    {
        var code = (StatusCode)error.Code;
        return new CliError(Name(code), ExitCodes.For(code), error.Message,
            [.. error.FieldViolations.Select(v => (v.Field, v.Description))], HintFor(code));
    }

    public static CliError Usage(string message, string? hint = null) => new("USAGE", ExitCodes.Usage, message, [], hint);

    /// <summary>The gRPC status name as in docs/protos.md, e.g. <c>INVALID_ARGUMENT</c>.</summary>
    public static string Name(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Aborted => "ABORTED",
        StatusCode.Internal => "INTERNAL",
        _ => "UNKNOWN",
    };

    /// <summary>One line for a list of results, e.g. <c>INVALID_ARGUMENT: image.data: not an image</c>.</summary>
    public string OneLine() =>
        Fields.Count == 0 ? $"{Code}: {Message}" : $"{Code}: {string.Join("; ", Fields.Select(f => $"{f.Field}: {f.Description}"))}";

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["code"] = Code, ["exitCode"] = ExitCode, ["message"] = Message };
        if (Fields.Count > 0)
            json["fieldViolations"] = new JsonArray([.. Fields.Select(f => (JsonNode)new JsonObject { ["field"] = f.Field, ["description"] = f.Description })]);
        if (Hint is not null) json["hint"] = Hint;
        return json;
    }

    private static (string Message, string Hint)? Transport(RpcException e, string address)
    {
        if (e.StatusCode != StatusCode.Unavailable || e.Status.DebugException is not { } cause) return null;
        const string start = "Is the server running? Start one with `twingan serve`, or point --address (or TWINGAN_ADDRESS) at your deployment.";
        for (Exception? x = cause; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return ($"cannot reach the TwinGan server at {address}: connection refused.", start);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return ($"cannot reach the TwinGan server at {address}: unknown host.", "Check the host name in --address.");
                case SocketException s:
                    return ($"cannot reach the TwinGan server at {address}: {s.SocketErrorCode}.", start);
                case AuthenticationException:
                    return ($"TLS handshake with {address} failed.", "A plain (h2c) server needs an http:// address; for a TLS server check its certificate.");
            }
        }
        return cause is HttpRequestException
            ? ($"cannot reach the TwinGan server at {address}: {cause.Message}", start)
            : null;
    }

    private static List<(string, string)> Violations(RpcException e)
    {
        var badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
        return badRequest is null ? [] : [.. badRequest.FieldViolations.Select(v => (v.Field, v.Description))];
    }

    private static string? HintFor(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => "Fix the request: the fields listed say what is wrong.",
        StatusCode.NotFound => "Check the name, version or id: `twingan models`, `twingan jobs` and `twingan models served` list what exists.",
        StatusCode.FailedPrecondition => "The server's current state does not allow this; change that state first.",
        StatusCode.AlreadyExists => "The id was used before for something else; pick another one.",
        StatusCode.Unavailable => "The service is not ready (model loading or not published yet?) or a dependency is down; `twingan health` shows which. Retry shortly.",
        StatusCode.ResourceExhausted => "The server is busy; retry with backoff.",
        StatusCode.DeadlineExceeded => "The call took longer than --timeout; raise it or retry later.",
        StatusCode.Unauthenticated => "Pass a key with --api-key or the TWINGAN_API_KEY environment variable.",
        StatusCode.PermissionDenied => "This call needs an admin-scoped key (Auth:Keys:N:Scope=Admin).",
        StatusCode.Unimplemented => "This server version does not implement the call yet (docs/protos.md lists what is built).",
        StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss => "A server fault: its log has the details (look for the trace id).",
        _ => null,
    };
}
