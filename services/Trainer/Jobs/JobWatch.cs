using Grpc.Core;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Trainer.Grpc;
using TwinGan.Trainer.Storage;
using LogLevel = TwinGan.Contracts.Trainer.V1.LogLevel;

namespace TwinGan.Trainer.Jobs;

/// <summary>
/// WatchJob: a snapshot (state event and latest progress, numbered with the job's last sequence), the retained events
/// after <c>after_sequence</c>, then live events until the job ends. Works from the job store alone, so any replica can
/// serve any job. A completed event of an earlier attempt (before a resume) does not end the stream.
/// </summary>
internal sealed class JobWatch(IJobStore store, JobService jobs)
{
    private const int BatchSize = 256;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public async Task RunAsync(WatchJobRequest request, IServerStreamWriter<JobEvent> stream, CancellationToken cancellationToken)
    {
        var invalid = new List<Violation>();
        if (request.AfterSequence < 0) invalid.Add(new("after_sequence", "must not be negative", "OUT_OF_RANGE"));
        if (!System.Enum.IsDefined(request.MinLogLevel)) invalid.Add(new("min_log_level", "not a log level", "OUT_OF_RANGE"));
        RequestRejectedException.ThrowIfAny(invalid);
        var stored = await jobs.GetStoredAsync(request.JobId, cancellationToken);
        var job = stored.Job;
        await stream.WriteAsync(Snapshot(job, stored.LastSequence, new StateChangeEvent { ToState = job.State, Reason = "snapshot" }), cancellationToken);
        if (job.Progress is not null)
        {
            var progress = new ProgressEvent { Progress = job.Progress };
            progress.Losses.Add(job.Losses);
            await stream.WriteAsync(Snapshot(job, stored.LastSequence, progress), cancellationToken);
        }
        var after = request.AfterSequence == 0 ? stored.LastSequence : request.AfterSequence;
        if (JobStoreRules.IsTerminal(job.State) && after >= stored.LastSequence)
        {
            await stream.WriteAsync(Number(JobService.Completed(job), job.Id, stored.LastSequence), cancellationToken);
            return;
        }
        while (true)
        {
            var events = await store.ReadEventsAsync(job.Id, after, BatchSize, cancellationToken);
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                after = e.Sequence;
                if (e.EventCase == JobEvent.EventOneofCase.Completed)
                {
                    // The end of an earlier attempt is history once the job was resumed; the stream ends at the latest one.
                    if (i < events.Count - 1 || await HasLaterEventsAsync(job.Id, e.Sequence, cancellationToken)) continue;
                    await stream.WriteAsync(e, cancellationToken);
                    return;
                }
                if (Wanted(e, request)) await stream.WriteAsync(e, cancellationToken);
            }
            if (events.Count == BatchSize) continue;
            var now = await store.GetAsync(job.Id, cancellationToken);
            if (now is null) return;
            if (JobStoreRules.IsTerminal(now.Job.State) && now.LastSequence <= after)
            {
                // Terminal without a stored completed event after our position (e.g. trimmed): close with one built from the job.
                await stream.WriteAsync(Number(JobService.Completed(now.Job), job.Id, now.LastSequence), cancellationToken);
                return;
            }
            if (now.LastSequence <= after) await store.WaitForEventsAsync(job.Id, Poll, cancellationToken);
        }
    }

    private async Task<bool> HasLaterEventsAsync(string jobId, long sequence, CancellationToken cancellationToken) =>
        (await store.ReadEventsAsync(jobId, sequence, 1, cancellationToken)).Count > 0;

    private static bool Wanted(JobEvent e, WatchJobRequest request) => e.EventCase switch
    {
        JobEvent.EventOneofCase.Sample => request.IncludeSamples,
        JobEvent.EventOneofCase.Log => request.MinLogLevel != LogLevel.Unspecified && e.Log.Level >= request.MinLogLevel,
        _ => true,
    };

    private static JobEvent Snapshot(Job job, long sequence, StateChangeEvent state) =>
        Number(new JobEvent { StateChange = state }, job.Id, sequence);

    private static JobEvent Snapshot(Job job, long sequence, ProgressEvent progress) =>
        Number(new JobEvent { Progress = progress }, job.Id, sequence);

    private static JobEvent Number(JobEvent e, string jobId, long sequence)
    {
        e.JobId = jobId;
        e.Sequence = sequence;
        e.Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow);
        return e;
    }
}
