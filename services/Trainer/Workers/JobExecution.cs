using Google.Protobuf.WellKnownTypes;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Data.Readers;
using TwinGan.Model.Bundles;
using TwinGan.ServiceDefaults.Storage;
using TwinGan.Trainer.Grpc;
using TwinGan.Trainer.Jobs;
using TwinGan.Trainer.Options;
using TwinGan.Trainer.Storage;
using TwinGan.Training;

namespace TwinGan.Trainer.Workers;

/// <summary>
/// Runs one claimed job: creates its run directory on the first attempt (or opens it to resume from a checkpoint), trains
/// with the job observer and, for twin-faces jobs, the evaluation suite, renews the job's lease every heartbeat (and
/// notices cancel requests there), then writes the outcome. A replica that lost the job (lease expired, another replica
/// took over) stops without writing anything.
/// </summary>
internal sealed class JobExecution(IJobStore store, JobConfigMapper mapper, RunDirectories runs, TrainerOptions options, string workerId, ILogger logger)
{
    public async Task RunAsync(StoredJob claimed, CancellationToken stopping)
    {
        var job = claimed.Job;
        using var training = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var observer = new JobObserver(store, options, job, workerId, logger);
        var control = new RunControl();
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job.Id, control, training, heartbeatStop.Token);
        TrainerLog.JobStarted(logger, job.Id, workerId, job.Attempt, claimed.ResumeCheckpoint.Length > 0 ? claimed.ResumeCheckpoint : "the latest checkpoint");
        RunResult? result = null;
        Exception? failure = null;
        try
        {
            var run = Open(job, claimed.ResumeCheckpoint);
            using var evaluator = options.EvaluateBuiltinJobs
                ? TwinFacesEvaluator.For(run.Spec, options.EvaluationPairedImages, options.EvaluationClassifierImages)
                : null;
            result = await run.RunAsync(observer, evaluator, training.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !training.IsCancellationRequested)
        {
            failure = e;
        }
        catch (OperationCanceledException)
        {
            // Cancelled before the run could write a checkpoint (e.g. while loading); the outcome below says why.
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await observer.CompleteAsync();
        }
        if (control.Lost || observer.Lost)
        {
            TrainerLog.JobLost(logger, job.Id);
            return;
        }
        await FinishAsync(job.Id, result, failure, control, stopping.IsCancellationRequested, observer);
    }

    private TrainingRun Open(Job job, string resumeCheckpoint)
    {
        var dir = runs.For(job.Id);
        if (runs.Exists(job.Id)) return TrainingRun.Open(dir, resumeCheckpoint.Length > 0 ? resumeCheckpoint : null);
        var invalid = new List<Violation>();
        var preconditions = new List<Violation>();
        var spec = mapper.Map(job.Config, invalid, preconditions);
        if (invalid.Count > 0 || preconditions.Count > 0)
            throw new JobConfigException(string.Join("; ", invalid.Concat(preconditions).Select(v => $"{v.Field}: {v.Description}")));
        return TrainingRun.Create(dir, spec);
    }

    private async Task HeartbeatAsync(string jobId, RunControl control, CancellationTokenSource training, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.HeartbeatInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                var now = await store.UpdateAsync(jobId, current =>
                {
                    if (current.Job.WorkerId != workerId || !JobStoreRules.IsActive(current.Job.State)) return null;
                    return new JobUpdate(current.Job, [], LeaseUntil(), ResumeCheckpoint: current.ResumeCheckpoint);
                }, stop);
                if (now is null || now.Job.WorkerId != workerId || !JobStoreRules.IsActive(now.Job.State))
                {
                    control.Lost = true;
                    await training.CancelAsync();
                }
                else if (now.Job.State == JobState.Cancelling && !control.CancelRequested)
                {
                    control.CancelRequested = true;
                    await training.CancelAsync();
                }
            }
            catch (StoreUnavailableException e)
            {
                // Keep training: the lease has slack for a few missed beats, and the reaper decides if it runs out.
                TrainerLog.StoreUnavailable(logger, e.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FinishAsync(string jobId, RunResult? result, Exception? failure, RunControl control, bool shuttingDown, JobObserver observer)
    {
        var (state, reason, message) = Outcome(result, failure, control, shuttingDown);
        if (failure is not null) TrainerLog.JobFailed(logger, jobId, message, failure);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var final = await store.UpdateAsync(jobId, current =>
                {
                    if (current.Job.WorkerId != workerId || !JobStoreRules.IsActive(current.Job.State)) return null;
                    var job = current.Job.Clone();
                    if (observer.LastProgress is { } progress) job.Progress = progress;
                    job.Progress ??= new JobProgress();
                    job.Progress.Elapsed = Duration.FromTimeSpan(observer.Elapsed);
                    job.FailureMessage = message;
                    var update = JobService.Transition(current with { Job = job }, state, reason, completed: true);
                    return update with { ResumeCheckpoint = "" };
                }, CancellationToken.None);
                TrainerLog.JobEnded(logger, jobId, final?.Job.State.ToString() ?? "unknown", final?.Job.Progress?.ImagesSeen ?? 0);
                return;
            }
            catch (StoreUnavailableException e) when (attempt < 60)
            {
                TrainerLog.StoreUnavailable(logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private (JobState State, string Reason, string Message) Outcome(RunResult? result, Exception? failure, RunControl control, bool shuttingDown)
    {
        if (failure is not null) return (JobState.Failed, "training failed", FailureMessage(failure));
        if (control.CancelRequested) return (JobState.Cancelled, "cancelled by client", "");
        if (shuttingDown) return (JobState.Interrupted, $"replica {workerId} shut down", "");
        return result?.Outcome switch
        {
            RunOutcome.Completed => (JobState.Succeeded, "finished its schedule", ""),
            RunOutcome.TimeLimitReached => (JobState.Succeeded, "reached its max_duration", ""),
            _ => (JobState.Cancelled, "cancelled", ""),
        };
    }

    /// <summary>
    /// One developer-facing sentence: messages of data and configuration problems are ours and name the file or field;
    /// anything else is a bug whose detail stays in this replica's log.
    /// </summary>
    private string FailureMessage(Exception e) => e switch
    {
        JobConfigException or DatasetFormatException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
            or ArgumentException or BundleException => e.Message,
        _ => $"training failed with an internal error ({e.GetType().Name}); see the log of replica {workerId}",
    };

    private long LeaseUntil() => JobStoreRules.NowMs() + (long)options.LeaseDuration.TotalMilliseconds;

    private sealed class RunControl
    {
        public volatile bool Lost;
        public volatile bool CancelRequested;
    }
}

/// <summary>The stored config no longer passes validation (a dataset root disappeared since StartJob).</summary>
internal sealed class JobConfigException(string message) : Exception(message);
