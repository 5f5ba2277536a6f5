using Grpc.Core;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Gallery;
using TwinGan.Search.Reindex;

namespace TwinGan.Search.Grpc;

/// <summary>
/// gRPC adapter of the Search service: maps messages to <see cref="GalleryService"/> and its failures to statuses.
/// The reindex RPCs go to <see cref="ReindexCoordinator"/>.
/// </summary>
internal sealed class SearchGrpcService(GalleryService gallery, ReindexCoordinator reindex) : SearchService.SearchServiceBase
{
    public override Task<UpsertItemsResponse> UpsertItems(UpsertItemsRequest request, ServerCallContext context) =>
        Map(() => gallery.UpsertItemsAsync(request, context.CancellationToken));

    public override Task<DeleteItemsResponse> DeleteItems(DeleteItemsRequest request, ServerCallContext context) =>
        Map(() => gallery.DeleteItemsAsync(request, context.CancellationToken));

    public override Task<GalleryItem> GetItem(GetItemRequest request, ServerCallContext context) =>
        Map(() => Task.FromResult(gallery.GetItem(request)));

    public override Task<ListItemsResponse> ListItems(ListItemsRequest request, ServerCallContext context) =>
        Map(() => Task.FromResult(gallery.ListItems(request)));

    public override Task<FindTwinsResponse> FindTwins(FindTwinsRequest request, ServerCallContext context) =>
        Map(() => gallery.FindTwinsAsync(request, context.Deadline, context.CancellationToken));

    public override Task<GetStatsResponse> GetStats(GetStatsRequest request, ServerCallContext context) =>
        Map(() => gallery.GetStatsAsync(context.CancellationToken));

    public override Task<ReindexOperation> StartReindex(StartReindexRequest request, ServerCallContext context) =>
        Map(() => reindex.StartAsync(request, context.CancellationToken));

    public override Task<ReindexOperation> GetReindexStatus(GetReindexStatusRequest request, ServerCallContext context) =>
        Map(() => reindex.GetAsync(request.ReindexId, context.CancellationToken));

    public override Task WatchReindex(WatchReindexRequest request, IServerStreamWriter<ReindexOperation> responseStream, ServerCallContext context) =>
        Map(async () =>
        {
            await reindex.WatchAsync(request.ReindexId, responseStream, context.CancellationToken);
            return true;
        });

    public override Task<ReindexOperation> CancelReindex(CancelReindexRequest request, ServerCallContext context) =>
        Map(() => reindex.CancelAsync(request.ReindexId, context.CancellationToken));

    public override Task UpsertStream(
        IAsyncStreamReader<UpsertStreamRequest> requestStream, IServerStreamWriter<UpsertStreamResponse> responseStream, ServerCallContext context) =>
        Map(async () =>
        {
            await new UpsertStreamSession(gallery, responseStream, context.CancellationToken).RunAsync(requestStream);
            return true;
        });

    private static async Task<T> Map<T>(Func<Task<T>> call)
    {
        try
        {
            return await GalleryService.Guard(call);
        }
        catch (ValidationException e)
        {
            throw e.ToRpcException();
        }
    }
}
