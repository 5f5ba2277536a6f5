using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.EmbedderClient;
using TwinGan.Search.Gallery;
using TwinGan.Search.Indexing;
using TwinGan.Search.Options;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Registry;

namespace TwinGan.Search.Reindex;

/// <summary>
/// The reindex RPCs: start (idempotent, one at a time), status, watch, cancel. The work itself is done by whichever
/// replica's <see cref="ReindexWorker"/> holds the lease; this class only reads and writes the stored operation.
/// </summary>
internal sealed class ReindexCoordinator(
    IReindexStore reindexes, Replica replica, IModelRegistry registry, IServiceProvider services, IOptions<SearchOptions> options)
{
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(1);
    private static readonly ReindexState[] Cancellable = [ReindexState.Pending, ReindexState.Embedding, ReindexState.Building];
    private readonly SearchOptions _options = options.Value;

    public async Task<ReindexOperation> StartAsync(StartReindexRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<Violation>();
        if (request.ModelVersion.Length > 0 && !ModelNames.IsValidVersion(request.ModelVersion))
            violations.Add(new("model_version", "versions are 1..64 characters of [A-Za-z0-9._-] starting with a letter or digit", "INVALID_VERSION"));
        if (request.RequestId.Length > 128) violations.Add(new("request_id", "at most 128 characters", "OUT_OF_RANGE"));
        var parameters = ResolveParams(request.IndexParams, violations);
        ValidationException.ThrowIfAny(violations);

        var current = await CurrentVersionAsync(cancellationToken);
        var target = request.ModelVersion.Length > 0 ? request.ModelVersion : current
            ?? NotFound<string>($"model '{_options.ModelName}' has no published version in the registry; name one in model_version");
        var from = replica.ModelVersion ?? "";
        if (target != current && target != from) await CheckServedAsync(target, cancellationToken);

        var now = Timestamp.FromDateTime(DateTime.UtcNow);
        var operation = new ReindexOperation
        {
            Id = $"ri{Guid.NewGuid():N}", State = ReindexState.Pending, FromModelVersion = from, ToModelVersion = target, IndexParams = parameters,
            Progress = new Contracts.Common.V1.Progress(), CreateTime = now, UpdateTime = now,
        };
        var (record, created) = await GalleryService.Guard(() => reindexes.CreateAsync(new ReindexRecord(operation, request.RequestId, "", default), cancellationToken));
        if (created || (request.RequestId.Length > 0 && record.RequestId == request.RequestId)) return record.Operation;
        if (record.Operation.ToModelVersion != target)
            RpcErrors.ThrowFailedPrecondition(
                $"reindex {record.Id} to model version '{record.Operation.ToModelVersion}' is running; wait for it or cancel it first");
        return record.Operation;
    }

    public async Task<ReindexOperation> GetAsync(string id, CancellationToken cancellationToken) =>
        (await FindAsync(id, "reindex_id", cancellationToken)).Operation;

    public async Task WatchAsync(string id, IServerStreamWriter<ReindexOperation> stream, CancellationToken cancellationToken)
    {
        var record = await FindAsync(id, "reindex_id", cancellationToken);
        id = record.Id;
        while (true)
        {
            await stream.WriteAsync(record.Operation, cancellationToken);
            if (!record.IsRunning) return;
            var sent = record.Operation;
            var until = DateTime.UtcNow + WatchPeriod;
            do
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                record = await FindAsync(id, "reindex_id", cancellationToken);
            } while (record.Operation.State == sent.State && DateTime.UtcNow < until);
        }
    }

    public async Task<ReindexOperation> CancelAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length == 0) throw new ValidationException([new("reindex_id", "a reindex id is required", "REQUIRED")]);
        for (var attempt = 0; ; attempt++)
        {
            var record = await FindAsync(id, "reindex_id", cancellationToken);
            var operation = record.Operation;
            if (operation.State == ReindexState.Cancelled) return operation;
            if (!Cancellable.Contains(operation.State) || attempt == 3)
                RpcErrors.ThrowFailedPrecondition($"reindex {id} is {operation.State}; only a pending or running reindex before its switch can be cancelled");
            var cancelled = operation.Clone();
            cancelled.State = ReindexState.Cancelled;
            cancelled.UpdateTime = cancelled.EndTime = Timestamp.FromDateTime(DateTime.UtcNow);
            if (await GalleryService.Guard(() => reindexes.SaveAsync(record with { Operation = cancelled }, Cancellable, cancellationToken))) return cancelled;
        }
    }

    /// <summary>The running reindex, for GetStats; null when none.</summary>
    public async Task<ReindexOperation?> ActiveAsync(CancellationToken cancellationToken) =>
        await reindexes.GetAsync("", cancellationToken) is { IsRunning: true } record ? record.Operation : null;

    private async Task<ReindexRecord> FindAsync(string id, string field, CancellationToken cancellationToken)
    {
        if (id.Length > 0 && !Validation.IsReindexId(id)) throw new ValidationException([new(field, "not a reindex id", "INVALID_ID")]);
        return await GalleryService.Guard(() => reindexes.GetAsync(id, cancellationToken))
            ?? NotFound<ReindexRecord>(id.Length > 0 ? $"no reindex has the id '{id}'" : "no reindex ever ran on this gallery");
    }

    private static T NotFound<T>(string message) => throw new RpcException(new Status(StatusCode.NotFound, message));

    private IndexParams ResolveParams(IndexParams? requested, List<Violation> violations)
    {
        var active = replica.Index.Options;
        var p = new IndexParams
        {
            M = requested is { M: > 0 } ? requested.M : active.M,
            EfConstruction = requested is { EfConstruction: > 0 } ? requested.EfConstruction : active.EfConstruction,
            EfSearch = requested is { EfSearch: > 0 } ? requested.EfSearch : active.DefaultEf,
            Metric = DistanceMetric.Cosine,
        };
        if (p.M is < 2 or > 100) violations.Add(new("index_params.m", "m must be 2..100", "OUT_OF_RANGE"));
        if (p.EfConstruction < p.M) violations.Add(new("index_params.ef_construction", "ef_construction must be >= m", "OUT_OF_RANGE"));
        if (requested is not null && requested.Metric is not (DistanceMetric.Unspecified or DistanceMetric.Cosine))
            violations.Add(new("index_params.metric", "the gallery's embeddings are compared by cosine only", "UNSUPPORTED_METRIC"));
        if (requested is not null && (requested.M < 0 || requested.EfConstruction < 0 || requested.EfSearch < 0))
            violations.Add(new("index_params", "parameters must not be negative", "OUT_OF_RANGE"));
        return p;
    }

    private async Task<string?> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await registry.GetCurrentVersionAsync(_options.ModelName, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or IOException or StackExchange.Redis.RedisException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the model registry cannot be read ({e.GetType().Name}); retry with backoff"));
        }
    }

    /// <summary>A version other than the registry's current and the active one must at least be loaded by the Embedder.</summary>
    private async Task CheckServedAsync(string version, CancellationToken cancellationToken)
    {
        var embedder = services.GetRequiredService<EmbedderGateway>();
        if (!await embedder.ServesAsync(_options.ModelName, version, cancellationToken))
            RpcErrors.ThrowNotFound($"model version '{version}' of '{_options.ModelName}' is neither the registry's current version nor loaded by the Embedder");
    }
}
