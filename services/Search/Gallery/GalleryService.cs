using Grpc.Core;
using Microsoft.Extensions.Options;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.EmbedderClient;
using TwinGan.Search.Indexing;
using TwinGan.Search.Options;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search.Gallery;

/// <summary>
/// The Search use cases behind the gRPC adapter: validation, embedding, durable writes through the store and reads from
/// this replica's index. Throws <see cref="RpcException"/> (or <see cref="ValidationException"/>) with the codes of
/// docs/protos.md.
/// </summary>
internal sealed partial class GalleryService(
    Replica replica, IGalleryStore store, EmbedderGateway embedder, Reindex.ReindexCoordinator reindex, IOptions<SearchOptions> options,
    IOptions<SearchLimits> limits)
{
    private readonly SearchOptions _options = options.Value;
    private readonly SearchLimits _limits = limits.Value;

    public SearchLimits Limits => _limits;

    public async Task<UpsertItemsResponse> UpsertItemsAsync(UpsertItemsRequest request, CancellationToken cancellationToken)
    {
        EnsureWritable();
        var violations = new List<Violation>();
        if (request.Items.Count == 0) violations.Add(new("items", "at least one item is required", "REQUIRED"));
        if (request.Items.Count > _limits.MaxBatchSize)
            violations.Add(new("items", $"{request.Items.Count} items; the limit is {_limits.MaxBatchSize}", "BATCH_TOO_LARGE"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Items.Count; i++)
        {
            var itemViolations = new List<Violation>();
            Validation.ItemFields(request.Items[i], _limits, _options.Domains, itemViolations);
            if (request.Items[i].Id.Length > 0 && !seen.Add(request.Items[i].Id))
                itemViolations.Add(new("id", "the id appears twice in the request", "DUPLICATE_ID"));
            violations.AddRange(itemViolations.Select(v => v.Prefixed($"items[{i}]")));
        }
        ValidationException.ThrowIfAny(violations);
        CheckEmbeddingsAgree(request.Items);
        var writes = new List<ItemWrite>(request.Items.Count);
        for (var i = 0; i < request.Items.Count; i++)
            writes.Add(await PrepareAsync(request.Items[i], $"items[{i}]", cancellationToken));
        var outcomes = await WriteAsync(writes, cancellationToken);
        var response = new UpsertItemsResponse();
        for (var i = 0; i < outcomes.Count; i++)
            response.Results.Add(ToResult(writes[i], outcomes[i]));
        response.ChangeOffset = outcomes.Max(o => o.Offset).ToString();
        return response;
    }

    public async Task<DeleteItemsResponse> DeleteItemsAsync(DeleteItemsRequest request, CancellationToken cancellationToken)
    {
        EnsureWritable();
        var violations = new List<Violation>();
        if (request.Ids.Count == 0) violations.Add(new("ids", "at least one id is required", "REQUIRED"));
        if (request.Ids.Count > _limits.MaxIdsPerRequest)
            violations.Add(new("ids", $"{request.Ids.Count} ids; the limit is {_limits.MaxIdsPerRequest}", "BATCH_TOO_LARGE"));
        for (var i = 0; i < request.Ids.Count; i++) Validation.Id(request.Ids[i], $"ids[{i}]", violations);
        ValidationException.ThrowIfAny(violations);
        var outcome = await Guard(() => store.DeleteAsync([.. request.Ids], cancellationToken));
        if (outcome.Deleted.Count > 0)
            await replica.Index.WaitForAsync(outcome.LastOffset, _options.MaxConsistencyWait, cancellationToken);
        var response = new DeleteItemsResponse { DeletedCount = outcome.Deleted.Count, ChangeOffset = outcome.LastOffset == ChangeOffset.Zero ? "" : outcome.LastOffset.ToString() };
        response.NotFoundIds.AddRange(outcome.NotFound);
        return response;
    }

    public GalleryItem GetItem(GetItemRequest request)
    {
        EnsureServing();
        var violations = new List<Violation>();
        Validation.Id(request.Id, "id", violations);
        ValidationException.ThrowIfAny(violations);
        if (!replica.Index.TryGet(request.Id, out var item)) RpcErrors.ThrowNotFound($"no gallery item has the id '{request.Id}'");
        return View(item, request.IncludeThumbnail, request.IncludeEmbedding);
    }

    public async Task<GetStatsResponse> GetStatsAsync(CancellationToken cancellationToken)
    {
        var response = GetStats();
        if (store.IsAvailable) response.ActiveReindex = await Guard(() => reindex.ActiveAsync(cancellationToken));
        return response;
    }

    private GetStatsResponse GetStats()
    {
        var index = replica.Index;
        var response = new GetStatsResponse
        {
            ItemCount = index.Count,
            ModelName = _options.ModelName,
            ModelVersion = replica.ModelVersion ?? "",
            Layout = _options.EmbeddingLayout,
            Dimension = index.Dimension,
            IndexParams = ParamsOf(index.Options),
            TombstoneCount = Math.Max(0, index.Slots - index.Count),
            MemoryBytes = index.MemoryBytes,
            AppliedChangeOffset = index.Applied.ToString(),
            ReplicaId = ReplicaIdentity.Of(_options),
        };
        response.ItemsPerDomain.Add(index.PerDomain);
        if (replica.LastSnapshot is { } snapshot)
        {
            response.SnapshotChangeOffset = snapshot.Offset.ToString();
            response.SnapshotTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(snapshot.Time);
        }
        return response;
    }

    private static IndexParams ParamsOf(TwinGan.Hnsw.HnswOptions o) => new()
    {
        M = o.M, EfConstruction = o.EfConstruction, EfSearch = o.DefaultEf, Metric = Contracts.Search.V1.DistanceMetric.Cosine,
    };

    /// <summary>Fails fast with UNAVAILABLE while the replica is loading or the provider is unreachable.</summary>
    public void EnsureServing()
    {
        if (replica.NotReadyReason is { } reason) RpcErrors.ThrowUnavailable($"Search is not serving: {reason}");
        // Reads too: while the source of truth is unreachable this replica cannot know it is current.
        if (!store.IsAvailable) RpcErrors.ThrowUnavailable($"the gallery storage ({store.Description}) is unreachable; retry with backoff");
    }

    private void EnsureWritable() => EnsureServing();

    internal static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StoreUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }

    private static UpsertResult ToResult(ItemWrite write, WriteOutcome outcome) => new()
    {
        Id = write.Id,
        Created = outcome.Created,
        ModelVersion = GalleryItem.Parser.ParseFrom(write.Item).ModelVersion,
        ChangeOffset = outcome.Offset.ToString(),
    };

    /// <summary>Writes durably, then waits (bounded) until this replica applied the writes, so it reads them at once.</summary>
    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<ItemWrite> writes, CancellationToken cancellationToken)
    {
        var outcomes = await Guard(() => store.UpsertAsync(writes, cancellationToken));
        if (outcomes.Count > 0)
            await replica.Index.WaitForAsync(outcomes.Max(o => o.Offset), _options.MaxConsistencyWait, cancellationToken);
        return outcomes;
    }

    /// <summary>A copy without the thumbnail and/or embedding unless asked for (the stored item is shared).</summary>
    internal static GalleryItem View(GalleryItem item, bool thumbnail, bool embedding)
    {
        if ((thumbnail || item.Thumbnail is null) && (embedding || item.Embedding is null)) return item;
        var view = new GalleryItem
        {
            Id = item.Id, Domain = item.Domain, ImageUri = item.ImageUri, ModelVersion = item.ModelVersion,
            SourceImageRetained = item.SourceImageRetained, CreateTime = item.CreateTime, UpdateTime = item.UpdateTime,
            ChangeOffset = item.ChangeOffset, Thumbnail = thumbnail ? item.Thumbnail : null, Embedding = embedding ? item.Embedding : null,
        };
        view.Tags.AddRange(item.Tags);
        view.Metadata.Add(item.Metadata);
        return view;
    }
}
