using Grpc.Core;
using TwinGan.Data.Imaging;
using TwinGan.ServiceDefaults.Grpc;

namespace TwinGan.Serving;

/// <summary>Maps serving failures to the statuses of docs/protos.md, with messages a caller can act on.</summary>
public static class ServingErrors
{
    public static RpcException ForImage(string field, ImageDecodeException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return RpcErrors.InvalidArgument((field, e.Message));
    }

    /// <summary>An unknown model is NotFound; a known model whose version is not loaded (or not yet loaded) is Unavailable.</summary>
    public static RpcException ForModel(ModelNotAvailableException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new RpcException(new Status(e.ModelKnown ? StatusCode.Unavailable : StatusCode.NotFound, e.Message));
    }

    public static RpcException ForQueue(QueueFullException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
    }
}
