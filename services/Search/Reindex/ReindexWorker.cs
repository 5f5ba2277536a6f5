using Microsoft.Extensions.Options;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Indexing;
using TwinGan.Search.Options;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search.Reindex;

/// <summary>
/// Runs on every replica: whoever holds the lease does the latest running reindex (<see cref="ReindexRun"/>); a dead
/// worker's lease expires and another replica continues after its cursor. Also starts a reindex when the registry's
/// current version moves (<c>Search:AutoReindex</c>), and drops a staging index whose reindex ended without a switch.
/// </summary>
internal sealed class ReindexWorker(
    IReindexStore reindexes, IGalleryStore store, Replica replica, IModelRegistry registry, IServiceProvider services,
    IOptions<SearchOptions> options, ILogger<ReindexWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(10);
    private readonly SearchOptions _options = options.Value;
    private readonly string _owner = $"{ReplicaIdentity.Of(options.Value)}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var trigger = _options.AutoReindex ? FollowRegistryAsync(stoppingToken) : Task.CompletedTask;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (replica.NotReadyReason is null) await StepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SearchLog.ReindexWorkerFailed(logger, e);
            }
            await Task.Delay(Poll, stoppingToken);
        }
        await trigger;
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var latest = await reindexes.GetAsync("", cancellationToken);
        if (replica.Next is { } staging && (latest is null || latest.Id != staging.Mark.ReindexId || !latest.IsRunning))
        {
            // The reindex that began staging ended without a switch (cancelled, or its worker failed before the abort mark).
            if (latest?.Id != staging.Mark.ReindexId || latest.Operation.State != ReindexState.Succeeded)
                await store.AppendMarkAsync(staging.Mark with { Event = MarkEvent.Abort }, cancellationToken);
            return;
        }
        if (latest is not { IsRunning: true } || !await reindexes.TryLeaseAsync(_owner, LeaseTtl, cancellationToken)) return;
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(lost);
        try
        {
            var run = new ReindexRun(latest, reindexes, store, replica, services.GetRequiredService<EmbedderClient.EmbedderGateway>(), _options,
                ReplicaIdentity.Of(_options), logger);
            await run.RunAsync(lost.Token);
        }
        finally
        {
            await lost.CancelAsync();
            await renewal;
            await reindexes.ReleaseLeaseAsync(_owner, CancellationToken.None);
        }
    }

    /// <summary>Renews the lease every third of its lifetime; cancels the run when it is lost.</summary>
    private async Task RenewAsync(CancellationTokenSource run)
    {
        try
        {
            while (!run.IsCancellationRequested)
            {
                await Task.Delay(LeaseTtl / 3, run.Token);
                if (!await reindexes.TryLeaseAsync(_owner, LeaseTtl, run.Token)) await run.CancelAsync();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or StoreUnavailableException)
        {
            await run.CancelAsync();
        }
    }

    /// <summary>Starts a reindex when the registry's current version differs from the active one and none ran for it.</summary>
    private async Task FollowRegistryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in registry.WatchAsync(cancellationToken))
                {
                    if (change.ModelName != _options.ModelName) continue;
                    while (replica.NotReadyReason is not null) await Task.Delay(Poll, cancellationToken);
                    if (replica.ModelVersion is not { } active || active == change.Version) continue;
                    var latest = await reindexes.GetAsync("", cancellationToken);
                    if (latest?.Operation.ToModelVersion == change.Version && latest.Operation.State is not (ReindexState.Failed or ReindexState.Cancelled))
                        continue;
                    var coordinator = services.GetRequiredService<ReindexCoordinator>();
                    var started = await coordinator.StartAsync(new StartReindexRequest { ModelVersion = change.Version }, cancellationToken);
                    SearchLog.ReindexTriggered(logger, started.Id, active, change.Version);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SearchLog.ReindexWorkerFailed(logger, e);
                await Task.Delay(Poll * 5, cancellationToken);
            }
        }
    }
}
