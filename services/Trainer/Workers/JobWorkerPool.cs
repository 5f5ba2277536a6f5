using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Storage;
using TwinGan.Trainer.Jobs;
using TwinGan.Trainer.Options;
using TwinGan.Trainer.Storage;

namespace TwinGan.Trainer.Workers;

/// <summary>
/// This replica's workers: up to Trainer:MaxConcurrentJobs jobs at a time taken from the shared queue, plus the lease
/// reaper every replica runs (a RUNNING job whose lease ran out becomes INTERRUPTED, a CANCELLING one CANCELLED). On
/// shutdown running jobs stop at the next step with a checkpoint and become INTERRUPTED, so they can be resumed.
/// </summary>
internal sealed class JobWorkerPool(
    IJobStore store, JobConfigMapper mapper, RunDirectories runs, IOptions<TrainerOptions> options, WorkerIdentity identity,
    ILogger<JobWorkerPool> logger) : BackgroundService
{
    private readonly TrainerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, bool> _runningHere = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (_options.TorchThreads > 0) TorchSharp.torch.set_num_threads(_options.TorchThreads);
        TwinGan.Model.NativeAllocator.Configure();
        // A training step and its loader block pool threads for long stretches; with the default floor (one thread per
        // core) heartbeats, event writes and RPCs would wait for thread injection and leases would expire under load.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16 + 4 * _options.MaxConcurrentJobs), io);
        TrainerLog.WorkerStarted(logger, identity.Id, _options.MaxConcurrentJobs, store.Description, runs.Root);
        var reaper = ReapLoopAsync(stoppingToken);
        var running = new List<Task>();
        using var slots = new SemaphoreSlim(_options.MaxConcurrentJobs);
        while (_options.MaxConcurrentJobs > 0 && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                var claimed = await TakeNextAsync(stoppingToken);
                if (claimed is null)
                {
                    slots.Release();
                    await store.WaitForQueueAsync(_options.QueuePollInterval, stoppingToken);
                    continue;
                }
                running.RemoveAll(t => t.IsCompleted);
                _runningHere[claimed.Job.Id] = true;
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await new JobExecution(store, mapper, runs, _options, identity.Id, logger).RunAsync(claimed, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        TrainerLog.WorkerLoopFailed(logger, e);
                    }
                    finally
                    {
                        _runningHere.TryRemove(claimed.Job.Id, out _);
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (StoreUnavailableException e)
            {
                slots.Release();
                TrainerLog.StoreUnavailable(logger, e.Message);
                await Delay(_options.QueuePollInterval, stoppingToken);
            }
            catch (Exception e)
            {
                // A bug or an unexpected provider answer must not stop the host; the slot is free again, look later.
                slots.Release();
                TrainerLog.WorkerLoopFailed(logger, e);
                await Delay(_options.QueuePollInterval, stoppingToken);
            }
        }
        await Task.WhenAll(running);
        await reaper;
    }

    /// <summary>The next queued job, claimed (QUEUED → RUNNING with our lease); null when the queue has nothing for us.</summary>
    private async Task<StoredJob?> TakeNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var item = await store.DequeueAsync(identity.Id, cancellationToken);
            if (item is null) return null;
            var mine = false;
            var claimed = await store.UpdateAsync(item.JobId, current =>
            {
                mine = false;
                if (current.Job.State != JobState.Queued) return null;
                mine = true;
                var update = JobService.Transition(current, JobState.Running, $"started on replica {identity.Id}", completed: false);
                var job = update.Job;
                job.WorkerId = identity.Id;
                job.Attempt += 1;
                job.StartTime ??= job.UpdateTime;
                return update with { LeaseUntil = JobStoreRules.NowMs() + (long)_options.LeaseDuration.TotalMilliseconds };
            }, cancellationToken);
            await store.AckAsync(item, cancellationToken);
            if (mine && claimed is not null) return claimed;
        }
    }

    private async Task ReapLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var job in await store.ListActiveAsync(stoppingToken))
                {
                    // This replica's own jobs are alive as long as it is: a late heartbeat must not interrupt them.
                    if (job.LeaseUntil >= JobStoreRules.NowMs() || _runningHere.ContainsKey(job.Job.Id)) continue;
                    await ReapAsync(job.Job.Id, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException e)
            {
                TrainerLog.StoreUnavailable(logger, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                TrainerLog.WorkerLoopFailed(logger, e);
            }
            await Delay(_options.HeartbeatInterval, stoppingToken);
        }
    }

    private async Task ReapAsync(string jobId, CancellationToken cancellationToken)
    {
        string worker = "";
        var reaped = await store.UpdateAsync(jobId, current =>
        {
            if (!JobStoreRules.IsActive(current.Job.State) || current.LeaseUntil >= JobStoreRules.NowMs()) return null;
            worker = current.Job.WorkerId;
            var to = current.Job.State == JobState.Cancelling ? JobState.Cancelled : JobState.Interrupted;
            var update = JobService.Transition(current, to, $"replica {worker} lost (its lease expired)", completed: true);
            update.Job.EndTime = Timestamp.FromDateTime(DateTime.UtcNow);
            return update;
        }, cancellationToken);
        if (reaped is not null && worker.Length > 0) TrainerLog.LeaseExpired(logger, jobId, worker, reaped.Job.State.ToString());
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loops check the token.
        }
    }
}

/// <summary>This replica's id in jobs and the queue's consumer group: Trainer:WorkerId, or host name and process id.</summary>
internal sealed class WorkerIdentity(IOptions<TrainerOptions> options)
{
    public string Id { get; } = options.Value.WorkerId.Length > 0
        ? options.Value.WorkerId
        : $"{Environment.MachineName}-{Environment.ProcessId}";
}
