using Grpc.Core;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Gallery;

namespace TwinGan.Search.Grpc;

/// <summary>
/// gRPC adapter of the Search service: maps messages to <see cref="GalleryService"/> and its failures to statuses.
/// The reindex RPCs are not overridden, so they answer UNIMPLEMENTED (ServiceDefaults adds the explanation).
/// </summary>
internal sealed class SearchGrpcService(GalleryService gallery) : SearchService.SearchServiceBase
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
        Task.FromResult(gallery.GetStats());

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
