using Grpc.Core;

namespace TwinGan.Cli.Client;

/// <summary>
/// Process exit codes of the client commands (docs/cli.md). Scripts branch on these rather than on the text:
/// retryable conditions (3) differ from requests to fix (4), missing things (5) and credentials (6).
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran but some of its work failed: an item of a batch, a job that did not succeed, a service not SERVING.</summary>
    public const int PartialFailure = 1;

    /// <summary>Bad command line or a local file problem (missing input, unwritable output, malformed config file).</summary>
    public const int Usage = 2;

    /// <summary>The server cannot be reached or is not ready, busy, or too slow (UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED): retry later.</summary>
    public const int Unavailable = 3;

    /// <summary>The server refused the request (INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, ALREADY_EXISTS): fix it.</summary>
    public const int Rejected = 4;

    /// <summary>NOT_FOUND: unknown model, version, job, checkpoint or item.</summary>
    public const int NotFound = 5;

    /// <summary>UNAUTHENTICATED or PERMISSION_DENIED: missing, wrong or non-admin key.</summary>
    public const int Auth = 6;

    /// <summary>UNIMPLEMENTED: the server version does not implement the RPC yet.</summary>
    public const int Unimplemented = 7;

    /// <summary>INTERNAL, UNKNOWN and other server faults.</summary>
    public const int ServerError = 10;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static int For(StatusCode code) => code switch
    {
        StatusCode.OK => Ok,
        StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded => Unavailable,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange or StatusCode.AlreadyExists => Rejected,
        StatusCode.NotFound => NotFound,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => Auth,
        StatusCode.Unimplemented => Unimplemented,
        StatusCode.Cancelled => Interrupted,
        _ => ServerError,
    };
}
