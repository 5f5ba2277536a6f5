using Grpc.Core;
using TwinGan.Contracts.Common.V1;

namespace TwinGan.Serving;

/// <summary>Per-item errors of batch and stream RPCs, carrying what a single call would have returned as its status.</summary>
public static class ItemErrors
{
    public static ItemError From(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var error = new ItemError { Code = (int)e.StatusCode, Message = e.Status.Detail };
        var badRequest = Grpc.Core.RpcExceptionExtensions.GetRpcStatus(e)?.GetDetail<Google.Rpc.BadRequest>();
        if (badRequest is not null)
        {
            error.FieldViolations.AddRange(badRequest.FieldViolations.Select(v =>
                new TwinGan.Contracts.Common.V1.FieldViolation { Field = v.Field, Description = v.Description }));
        }
        return error;
    }
}
