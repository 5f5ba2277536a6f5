using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Embedder.V1;

namespace TwinGan.Search.EmbedderClient;

/// <summary>Where the Embedder is: <c>Search:EmbedderAddress</c>, or this process's own gRPC port (embedded shape).</summary>
internal sealed record EmbedderEndpoint(Uri Address);

/// <summary>
/// Calls EmbedderService.Embed for image upserts and queries. The client comes from Grpc.Net.ClientFactory with call
/// context propagation (the caller's deadline and cancellation flow into the nested call) and a retry policy for
/// UNAVAILABLE only (Embed is idempotent). An Embedder that cannot embed yet (UNIMPLEMENTED, UNAVAILABLE, NOT_FOUND
/// for the pinned version, or unreachable) becomes UNAVAILABLE with a message naming the Embedder and its answer.
/// </summary>
internal sealed class EmbedderGateway(EmbedderService.EmbedderServiceClient client, EmbedderEndpoint endpoint)
{
    /// <summary>Whether the Embedder has <paramref name="version"/> of <paramref name="model"/> loaded (UNAVAILABLE when it cannot be asked).</summary>
    public async Task<bool> ServesAsync(string model, string version, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetModelInfoAsync(new GetModelInfoRequest { Model = new ModelRef { Name = model, Version = version } }, cancellationToken: cancellationToken);
            return true;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.Unavailable && e.Status.Detail.Contains(version, StringComparison.Ordinal))
        {
            return false;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unimplemented or StatusCode.Unavailable or StatusCode.NotFound or StatusCode.Internal or StatusCode.Unknown)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"the Embedder at {endpoint.Address} cannot be asked about model versions right now ({e.StatusCode}: {e.Status.Detail})"));
        }
    }

    public async Task<Contracts.Common.V1.Embedding> EmbedAsync(
        Image image, string domain, bool faceCrop, ModelRef model, EmbeddingLayout layout, CancellationToken cancellationToken)
    {
        var request = new EmbedRequest { Image = image, Domain = domain, FaceCrop = faceCrop, Model = model, Layout = layout };
        try
        {
            var reply = await client.EmbedAsync(request, cancellationToken: cancellationToken);
            return reply.Embedding;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unimplemented or StatusCode.Unavailable or StatusCode.NotFound or StatusCode.Internal
                                         or StatusCode.Unknown)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"the Embedder at {endpoint.Address} cannot embed images right now ({e.StatusCode}: {e.Status.Detail}); " +
                "upsert or query by embedding, or retry when the Embedder serves a model"));
        }
    }
}
