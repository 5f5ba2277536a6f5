using TwinGan.Contracts.Trainer.V1;
using TwinGan.Testing;
using TwinGan.Trainer.Tests.Infrastructure;

namespace TwinGan.Trainer.Tests;

/// <summary>
/// Two Trainer processes on one real Redis (test.sh's redis-server) share the job queue through its consumer group;
/// a replica killed with SIGKILL mid-job loses its lease, the job becomes INTERRUPTED, and ResumeJob lets the other
/// replica finish it from the last checkpoint in the shared run root.
/// </summary>
public sealed class RedisQueueTests : IDisposable
{
    private const long LongPhase = 2000;
    private const long ResumablePhase = 64;
    private readonly DirectoryInfo _shared = Directory.CreateTempSubdirectory("twingan-trainer-shared-");

    public void Dispose() => _shared.Delete(recursive: true);

    private Task<HostProcess> StartReplicaAsync(string workerId, string prefix) => TrainerHost.StartAsync(
        "--Storage:Provider=Redis", $"--Storage:Redis:Configuration={RedisFactAttribute.RequireAddress()}", $"--Storage:Redis:KeyPrefix={prefix}",
        $"--Trainer:WorkerId={workerId}", $"--Trainer:RunRoot={Path.Combine(_shared.FullName, "runs")}",
        $"--Models:StoreRoot={Path.Combine(_shared.FullName, "models")}");

    [RedisFact]
    public async Task TwoReplicas_SharedQueue_TakeDifferentJobsAndOneResumesWhatTheKilledOneLeft()
    {
        var prefix = $"twingan-test-{Guid.NewGuid():N}:";
        var replicas = new Dictionary<string, HostProcess>();
        try
        {
            // One at a time into the dictionary, so a replica that started is killed even when the next one fails to.
            replicas["trainer-a"] = await StartReplicaAsync("trainer-a", prefix);
            replicas["trainer-b"] = await StartReplicaAsync("trainer-b", prefix);
            await TrainerHost.DiagnoseAsync(() => FailoverFlowAsync(replicas), [.. replicas.Values]);
        }
        finally
        {
            foreach (var replica in replicas.Values) await replica.DisposeAsync();
        }
    }

    private static async Task FailoverFlowAsync(Dictionary<string, HostProcess> replicas)
    {
        var client = replicas["trainer-b"].Client();
        var resumable = await client.StartJobAsync(new StartJobRequest { Config = TinyJobs.Builtin("tiny-redis", ResumablePhase, checkpointInterval: 16) });
        var blocker = await client.StartJobAsync(new StartJobRequest { Config = TinyJobs.Builtin("tiny-redis", LongPhase) });
        var victimId = (await Jobs.WaitForStateAsync(client, resumable.Id, JobState.Running)).WorkerId;
        var survivorId = (await Jobs.WaitForStateAsync(replicas["trainer-a"].Client(), blocker.Id, JobState.Running)).WorkerId;
        Assert.Equal("trainer-a,trainer-b", string.Join(",", new List<string> { victimId, survivorId }.Order()));

        var survivor = replicas[survivorId].Client();
        await Jobs.WatchUntilAsync(survivor, resumable.Id, e => e.EventCase == JobEvent.EventOneofCase.Checkpoint);
        await replicas[victimId].DisposeAsync();
        replicas.Remove(victimId);
        await survivor.CancelJobAsync(new CancelJobRequest { JobId = blocker.Id });

        var interrupted = await Jobs.WaitForStateAsync(survivor, resumable.Id, JobState.Interrupted);
        var history = await Jobs.WatchToEndAsync(survivor, resumable.Id, afterSequence: 1);
        Assert.NotNull(interrupted.LatestCheckpoint);
        Assert.Equal(JobState.Interrupted, history[^1].Completed.FinalState);
        Assert.Contains(victimId, history.Last(e => e.EventCase == JobEvent.EventOneofCase.StateChange).StateChange.Reason);
        await Jobs.WaitForStateAsync(survivor, blocker.Id, JobState.Cancelled);

        await survivor.ResumeJobAsync(new ResumeJobRequest { JobId = resumable.Id });
        var finished = await Jobs.WatchToEndAsync(survivor, resumable.Id, afterSequence: history[^1].Sequence);
        var done = await survivor.GetJobAsync(new GetJobRequest { JobId = resumable.Id });

        Assert.Equal(JobState.Succeeded, finished[^1].Completed.FinalState);
        Assert.Equal(2, done.Attempt);
        Assert.EndsWith(survivorId, finished.Last(e => e.EventCase == JobEvent.EventOneofCase.StateChange && e.StateChange.ToState == JobState.Running).StateChange.Reason);
        var firstStep = finished.Skip(2).First(e => e.EventCase == JobEvent.EventOneofCase.Progress).Progress.Progress.Step;
        Assert.True(firstStep >= interrupted.LatestCheckpoint.Progress.Step, $"resumed at step {firstStep}, checkpoint at {interrupted.LatestCheckpoint.Progress.Step}");
        Assert.Equal(TinyJobs.Total(ResumablePhase), done.Progress.ImagesSeen);
        var published = await survivor.PublishModelAsync(new PublishModelRequest { JobId = resumable.Id });
        Assert.True(published.IsCurrent);
    }
}
