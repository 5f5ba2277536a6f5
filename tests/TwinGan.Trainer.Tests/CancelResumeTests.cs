using TwinGan.Contracts.Trainer.V1;
using TwinGan.Data.TwinFaces;
using TwinGan.Testing;
using TwinGan.Trainer.Tests.Infrastructure;

namespace TwinGan.Trainer.Tests;

/// <summary>
/// Cancel a running job (it stops with a checkpoint), resume it (it continues from that checkpoint's step to the end of
/// its schedule), on a folder dataset with undecodable images that are skipped and counted, not fatal.
/// </summary>
public sealed class CancelResumeTests : IDisposable
{
    private const long Phase = 64;
    private readonly DirectoryInfo _datasets = Directory.CreateTempSubdirectory("twingan-trainer-data-");

    public void Dispose() => _datasets.Delete(recursive: true);

    [Fact]
    public async Task CancelThenResume_FolderDatasetWithBadImages_ContinuesFromTheCheckpointStepAndCountsSkippedImages()
    {
        TwinFacesExporter.Write(_datasets.FullName, 8, new TwinFacesCounts(TrainPerDomain: 120, TestPairs: 1), seed: 4);
        var photos = Path.Combine(_datasets.FullName, "train", "photo");
        await File.WriteAllBytesAsync(Path.Combine(photos, "bad-garbage.png"), [1, 2, 3, 4, 5, 6, 7, 8]);
        var png = await File.ReadAllBytesAsync(Directory.GetFiles(photos, "*.png").Order(StringComparer.Ordinal).First());
        await File.WriteAllBytesAsync(Path.Combine(photos, "bad-truncated.png"), png[..(png.Length / 2)]);
        await using var host = await TrainerHost.StartAsync($"--Trainer:AllowedDatasetRoots:0={_datasets.FullName}");
        await TrainerHost.DiagnoseAsync(() => CancelResumeFlowAsync(host, photos), host);
    }

    private static async Task CancelResumeFlowAsync(HostProcess host, string photos)
    {
        var client = host.Client();
        var config = TinyJobs.Builtin("tiny-resume", Phase);
        config.Domains[0] = new DomainDataset { Domain = "photo", Roots = { photos } };

        var job = await client.StartJobAsync(new StartJobRequest { Config = config });
        var firstCheckpoint = await Jobs.WatchUntilAsync(client, job.Id, e => e.EventCase == JobEvent.EventOneofCase.Checkpoint);
        var cancelling = await client.CancelJobAsync(new CancelJobRequest { JobId = job.Id, Reason = "test cancel" });
        var cancelEvents = await Jobs.WatchToEndAsync(client, job.Id, afterSequence: firstCheckpoint!.Sequence, logs: LogLevel.Warning);
        var cancelled = await client.GetJobAsync(new GetJobRequest { JobId = job.Id });
        var cancelledAgain = await client.CancelJobAsync(new CancelJobRequest { JobId = job.Id });

        Assert.Contains(cancelling.State, new[] { JobState.Cancelling, JobState.Cancelled });
        var stopped = cancelEvents[^1].Completed;
        Assert.Equal(JobState.Cancelled, stopped.FinalState);
        Assert.False(stopped.FinalCheckpoint.IsFinal);
        Assert.True(stopped.FinalCheckpoint.Progress.ImagesSeen < TinyJobs.Total(Phase));
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Equal(JobState.Cancelled, cancelledAgain.State);
        Assert.Contains(cancelEvents, e => e.EventCase == JobEvent.EventOneofCase.StateChange && e.StateChange.Reason == "test cancel");

        var resumed = await client.ResumeJobAsync(new ResumeJobRequest { JobId = job.Id });
        var resumedAgain = await client.ResumeJobAsync(new ResumeJobRequest { JobId = job.Id });
        var resumeEvents = await Jobs.WatchToEndAsync(client, job.Id, afterSequence: cancelEvents[^1].Sequence);
        var done = await client.GetJobAsync(new GetJobRequest { JobId = job.Id });

        Assert.Equal(JobState.Queued, resumed.State);
        Assert.Contains(resumedAgain.State, new[] { JobState.Queued, JobState.Running });
        Assert.Equal(JobState.Succeeded, resumeEvents[^1].Completed.FinalState);
        var steps = resumeEvents.Skip(2).Where(e => e.EventCase == JobEvent.EventOneofCase.Progress).Select(e => e.Progress.Progress.Step).ToList();
        Assert.NotEmpty(steps);
        var resumedAt = stopped.FinalCheckpoint.Progress.Step;
        Assert.True(steps[0] > resumedAt && steps[0] <= resumedAt + 8, $"first step after resume {steps[0]}, checkpoint at step {resumedAt}");
        Assert.Equal(steps.Order().ToList(), steps);
        Assert.Equal((JobState.Succeeded, 2), (done.State, done.Attempt));
        Assert.True(done.Progress.ImagesSeen >= TinyJobs.Total(Phase));
        Assert.True(done.Progress.SkippedImages > 0);
        var history = await Jobs.WatchToEndAsync(client, job.Id, afterSequence: 1, logs: LogLevel.Warning);
        Assert.Contains(history, e => e.EventCase == JobEvent.EventOneofCase.Log && e.Log.Message.Contains("bad-", StringComparison.Ordinal));
        Assert.Single(history, e => e.EventCase == JobEvent.EventOneofCase.Completed);
    }
}
