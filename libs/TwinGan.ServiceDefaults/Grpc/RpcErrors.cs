using System.Diagnostics.CodeAnalysis;
using Google.Rpc;
using Grpc.Core;

namespace TwinGan.ServiceDefaults.Grpc;

/// <summary>
/// Throw helpers that map to the status codes of docs/protos.md. Bad input carries
/// <c>google.rpc.BadRequest</c> field violations so clients can point at the offending field.
/// </summary>
public static class RpcErrors
{
    [DoesNotReturn]
    public static void ThrowInvalidArgument(string field, string description) =>
        throw InvalidArgument((field, description));

    public static RpcException InvalidArgument(params (string Field, string Description)[] violations)
    {
        var badRequest = new BadRequest();
        foreach (var (field, description) in violations)
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")),
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    [DoesNotReturn]
    public static void ThrowNotFound(string message) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, message));

    [DoesNotReturn]
    public static void ThrowUnavailable(string message) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, message));

    [DoesNotReturn]
    public static void ThrowFailedPrecondition(string message) =>
        throw new RpcException(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, message));

    [DoesNotReturn]
    public static void ThrowResourceExhausted(string message) =>
        throw new RpcException(new global::Grpc.Core.Status(StatusCode.ResourceExhausted, message));
}
