using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace TwinGan.Trainer.Grpc;

/// <summary>One invalid field, with the stable reason of docs/protos.md (e.g. PATH_OUTSIDE_ALLOWED_ROOTS).</summary>
internal sealed record Violation(string Field, string Description, string Reason);

/// <summary>
/// A request the Trainer refuses: INVALID_ARGUMENT (bad input) or FAILED_PRECONDITION (a dataset root missing, empty or
/// unreadable). Both carry <c>google.rpc.BadRequest</c> field violations with reasons, so a client can point at the field.
/// </summary>
internal sealed class RequestRejectedException(StatusCode code, IReadOnlyList<Violation> violations)
    : Exception(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public StatusCode Code { get; } = code;

    public IReadOnlyList<Violation> Violations { get; } = violations;

    public RpcException ToRpcException()
    {
        var badRequest = new BadRequest();
        foreach (var v in Violations)
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description, Reason = v.Reason });
        var status = new Google.Rpc.Status { Code = (int)Code, Message = Message, Details = { Any.Pack(badRequest) } };
        if (Code == StatusCode.FailedPrecondition)
        {
            var failure = new PreconditionFailure();
            foreach (var v in Violations)
                failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = v.Reason, Subject = v.Field, Description = v.Description });
            status.Details.Add(Any.Pack(failure));
        }
        return status.ToRpcException();
    }

    /// <summary>Throws INVALID_ARGUMENT for the invalid fields, then FAILED_PRECONDITION for the unmet preconditions.</summary>
    public static void ThrowIfAny(List<Violation> invalid, List<Violation>? preconditions = null)
    {
        if (invalid.Count > 0) throw new RequestRejectedException(StatusCode.InvalidArgument, invalid);
        if (preconditions is { Count: > 0 }) throw new RequestRejectedException(StatusCode.FailedPrecondition, preconditions);
    }
}
