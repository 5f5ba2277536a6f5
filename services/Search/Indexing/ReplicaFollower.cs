using Microsoft.Extensions.Options;
using TwinGan.Hnsw;
using TwinGan.Search.Options;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Health;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search.Indexing;

/// <summary>
/// Keeps this replica converged with the gallery: loads the latest snapshot, replays the change log from the offset it
/// covers, then follows the log (woken by the provider's notification, polling as a fallback). Readiness is NOT_SERVING
/// until the replay reaches the log's end and whenever the provider is unreachable. Writes a snapshot every
/// <see cref="SearchOptions.SnapshotInterval"/> when something changed, and on shutdown.
/// </summary>
internal sealed class ReplicaFollower(
    Replica replica, IGalleryStore store, ServiceReadiness readiness, IModelRegistry registry,
    IOptions<SearchOptions> options, SnapshotLocation snapshotPath, ILogger<ReplicaFollower> logger) : BackgroundService
{
    private const int BatchSize = 1024;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly SearchOptions _options = options.Value;
    private ChangeOffset _snapshotted;
    private DateTime _nextSnapshot;

    public static HnswOptions HnswOptionsOf(SearchOptions o) => HnswOptionsOf(o.M, o.EfConstruction, o.EfSearch);

    /// <summary>Options of a reindex's new index: the mark's parameters.</summary>
    public static HnswOptions HnswOptionsOf(ReindexMark mark) => HnswOptionsOf(mark.M, mark.EfConstruction, mark.EfSearch);

    private static HnswOptions HnswOptionsOf(int m, int efConstruction, int efSearch) =>
        new() { M = m, EfConstruction = efConstruction, DefaultEf = efSearch, InitialCapacity = 4096, ReuseDeletedSlots = false };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (store is FileGalleryStore { TruncatedTailBytes: > 0 } file) SearchLog.TornTail(logger, file.Description, file.TruncatedTailBytes);
        replica.ConfiguredModelVersion = await ResolveModelVersionAsync(stoppingToken);
        LoadSnapshot();
        _nextSnapshot = DateTime.UtcNow + _options.SnapshotInterval;
        SetNotReady($"the index is catching up with the change log ({store.Description})");
        var ready = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var index = replica.Index;
                var batch = await store.ReadChangesAsync(index.Applied, BatchSize, stoppingToken);
                if (batch.Truncated)
                {
                    SearchLog.ReplayRestarted(logger, index.Applied.ToString());
                    replica.Replace(new GalleryIndex(HnswOptionsOf(_options), replica.ConfiguredModelVersion));
                    continue;
                }
                foreach (var change in batch.Changes)
                {
                    if (!replica.Apply(change, HnswOptionsOf))
                        SearchLog.ChangeSkipped(logger, change.Id, change.Offset.ToString(), replica.Index.Dimension, replica.Index.ModelVersion ?? "");
                }
                replica.Index.AdvanceTo(batch.Through);
                if (batch.Changes.Count >= BatchSize) continue;
                if (!ready)
                {
                    ready = true;
                    replica.SetReady();
                    readiness.MarkReady(SearchRegistration.ServiceName);
                    SearchLog.CaughtUp(logger, replica.Applied.ToString(), replica.Index.Count);
                }
                if (DateTime.UtcNow >= _nextSnapshot) await SnapshotAsync(stoppingToken);
                await store.WaitForChangesAsync(replica.Applied, _options.FollowPollInterval, stoppingToken);
            }
            catch (StoreUnavailableException e)
            {
                if (ready) SearchLog.StoreLost(logger, e.Message);
                ready = false;
                SetNotReady(e.Message);
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A follower that dies would leave the replica stale forever: report, stop serving, retry.
                SearchLog.FollowerFailed(logger, e);
                ready = false;
                SetNotReady("the change follower failed; retrying (see the server log)");
                await Task.Delay(RetryDelay * 4, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (replica.NotReadyReason is null) await SnapshotAsync(cancellationToken);
    }

    private void SetNotReady(string reason)
    {
        replica.SetNotReady(reason);
        readiness.MarkNotReady(SearchRegistration.ServiceName, reason);
    }

    private async Task SnapshotAsync(CancellationToken cancellationToken)
    {
        _nextSnapshot = DateTime.UtcNow + _options.SnapshotInterval;
        var index = replica.Index;
        // A snapshot holds the active index only; while a reindex stages, the log since its begin must stay replayable.
        if (replica.Next is not null) return;
        try
        {
            if (index.Applied == _snapshotted)
            {
                // Nothing new to write: renew this replica's report so it does not expire while idle, and so the log
                // can still be trimmed once a stopped replica's report expires, even if no writes follow.
                if (_snapshotted != ChangeOffset.Zero) await store.CompactAsync(ReplicaIdentity.Of(_options), _snapshotted, cancellationToken);
                return;
            }
            var info = IndexSnapshot.Write(snapshotPath.Path, index);
            replica.LastSnapshot = info;
            _snapshotted = info.Offset;
            SearchLog.SnapshotWritten(logger, snapshotPath.Path, info.Offset.ToString(), index.Count);
            await store.CompactAsync(ReplicaIdentity.Of(_options), info.Offset, cancellationToken);
        }
        catch (IOException e)
        {
            SearchLog.SnapshotFailed(logger, snapshotPath.Path, e.Message);
        }
    }

    private void LoadSnapshot()
    {
        var hnsw = HnswOptionsOf(_options);
        if (File.Exists(snapshotPath.Path))
        {
            try
            {
                var (index, info) = IndexSnapshot.Read(snapshotPath.Path, hnsw);
                if (replica.ConfiguredModelVersion is null || index.ModelVersion is null || index.ModelVersion == replica.ConfiguredModelVersion)
                {
                    replica.Replace(index);
                    replica.LastSnapshot = info;
                    _snapshotted = info.Offset;
                    SearchLog.SnapshotLoaded(logger, snapshotPath.Path, info.Offset.ToString(), index.Count);
                    return;
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or FormatException)
            {
                SearchLog.SnapshotUnusable(logger, snapshotPath.Path, e.Message);
            }
        }
        replica.Replace(new GalleryIndex(hnsw, replica.ConfiguredModelVersion));
    }

    private async Task<string?> ResolveModelVersionAsync(CancellationToken cancellationToken)
    {
        if (_options.ModelVersion.Length > 0) return _options.ModelVersion;
        try
        {
            return await registry.GetCurrentVersionAsync(_options.ModelName, cancellationToken).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or IOException or StackExchange.Redis.RedisException)
        {
            SearchLog.RegistryUnavailable(logger, _options.ModelName, e.GetType().Name);
            return null;
        }
    }
}

/// <summary>Path of this replica's index snapshot file.</summary>
internal sealed record SnapshotLocation(string Path);

/// <summary>Who this replica is: <c>Search:ReplicaId</c>, else host name and process id (several replicas may share a host).</summary>
internal static class ReplicaIdentity
{
    public static string Of(SearchOptions options) =>
        options.ReplicaId.Length > 0 ? options.ReplicaId : $"{Environment.MachineName}-{Environment.ProcessId}";
}
