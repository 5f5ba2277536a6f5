using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TwinGan.ServiceDefaults.Grpc;

/// <summary>
/// The generated service bases answer <c>Unimplemented</c> with an empty message for RPCs a host does not
/// override yet. This gives the caller a sentence to act on, keeping the status code.
/// </summary>
internal sealed class UnimplementedInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e) when (IsBareUnimplemented(e))
        {
            throw Explain(context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (RpcException e) when (IsBareUnimplemented(e))
        {
            throw Explain(context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e) when (IsBareUnimplemented(e))
        {
            throw Explain(context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (RpcException e) when (IsBareUnimplemented(e))
        {
            throw Explain(context);
        }
    }

    private static bool IsBareUnimplemented(RpcException e) =>
        e.StatusCode == StatusCode.Unimplemented && string.IsNullOrEmpty(e.Status.Detail);

    private static RpcException Explain(ServerCallContext context) =>
        new(new Status(StatusCode.Unimplemented,
            $"{context.Method} is part of the v1 contract but not implemented by this server version yet; see docs/protos.md for the status of each RPC."));
}
