using Grpc.Core;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Model.Inference;
using TwinGan.Testing;
using TwinGan.Trainer.Tests.Infrastructure;

namespace TwinGan.Trainer.Tests;

/// <summary>A tiny job on the File provider from StartJob to a published, current, loadable model version.</summary>
public sealed class EndToEndTests
{
    private const long Phase = 32;

    [Fact]
    public async Task StartWatchPublish_TinyBuiltinJob_TrainsEvaluatesAndPublishesLoadableCurrentVersion()
    {
        await using var host = await TrainerHost.StartAsync("--Trainer:EvaluateBuiltinJobs=true",
            "--Trainer:EvaluationPairedImages=16", "--Trainer:EvaluationClassifierImages=0");
        await TrainerHost.DiagnoseAsync(() => PublishFlowAsync(host), host);
    }

    private static async Task PublishFlowAsync(HostProcess host)
    {
        var client = host.Client();
        var request = new StartJobRequest { Config = TinyJobs.Builtin("tiny-e2e", Phase), DisplayName = "e2e", RequestId = Guid.NewGuid().ToString(), Labels = { ["team"] = "tests" } };

        var job = await client.StartJobAsync(request);
        var repeat = await client.StartJobAsync(request);
        var events = await Jobs.WatchToEndAsync(client, job.Id, samples: true, logs: LogLevel.Info);

        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(job.Id, repeat.Id);
        var completed = events[^1].Completed;
        Assert.Equal(JobState.Succeeded, completed.FinalState);
        Assert.True(completed.FinalCheckpoint.IsFinal);
        Assert.Equal(TinyJobs.Total(Phase), completed.FinalCheckpoint.Progress.ImagesSeen);
        Assert.Contains("Retrieval", string.Join(",", completed.Metrics.Keys));
        Assert.Equal(JobEvent.EventOneofCase.StateChange, events[0].EventCase);
        Assert.Contains(events, e => e.EventCase == JobEvent.EventOneofCase.Sample && e.Sample.Image.Data.Length > 0);
        Assert.Contains(events, e => e.EventCase == JobEvent.EventOneofCase.Evaluation);
        var progress = events.Where(e => e.EventCase == JobEvent.EventOneofCase.Progress).Select(e => e.Progress).ToList();
        Assert.Contains(progress, p => p.Losses.Keys.Any(k => k.StartsWith("Loss/G/", StringComparison.Ordinal)));
        Assert.Contains(progress, p => p.Progress.Resolution == 8);
        var sequences = events.Select(e => e.Sequence).Skip(2).ToList();
        Assert.Equal(sequences.Order().ToList(), sequences);

        var done = await client.GetJobAsync(new GetJobRequest { JobId = job.Id });
        Assert.Equal((JobState.Succeeded, 1, "tests"), (done.State, done.Attempt, done.Labels["team"]));
        Assert.Equal(TinyJobs.Total(Phase) / TinyJobs.Batch, done.Progress.Step);
        Assert.NotEmpty(done.Metrics);

        var checkpoints = await client.ListCheckpointsAsync(new ListCheckpointsRequest { JobId = job.Id, PageSize = 2 });
        Assert.Equal(2, checkpoints.Checkpoints.Count);
        Assert.True(checkpoints.Checkpoints[0].IsFinal);
        Assert.True(string.CompareOrdinal(checkpoints.Checkpoints[0].Id, checkpoints.Checkpoints[1].Id) > 0);
        var rest = await client.ListCheckpointsAsync(new ListCheckpointsRequest { JobId = job.Id, PageSize = 2, PageToken = checkpoints.NextPageToken });
        Assert.NotEmpty(rest.Checkpoints);
        Assert.DoesNotContain(rest.Checkpoints, c => checkpoints.Checkpoints.Any(p => p.Id == c.Id));

        var publish = new PublishModelRequest { JobId = job.Id, Description = "first", RequestId = Guid.NewGuid().ToString() };
        var v1 = await client.PublishModelAsync(publish);
        var v1Again = await client.PublishModelAsync(publish);
        var v2 = await client.PublishModelAsync(new PublishModelRequest { JobId = job.Id, CheckpointId = checkpoints.Checkpoints[1].Id, KeepCurrentVersion = true });

        Assert.Equal(("tiny-e2e", "v1", true), (v1.ModelName, v1.Version, v1.IsCurrent));
        Assert.Equal("v1", v1Again.Version);
        Assert.Equal(("v2", false), (v2.Version, v2.IsCurrent));
        Assert.Equal((job.Id, checkpoints.Checkpoints[0].Id), (v1.Manifest.SourceJobId, v1.Manifest.SourceCheckpointId));
        Assert.Equal("v1", (await File.ReadAllTextAsync(Path.Combine(host.DataDir, "registry", "tiny-e2e.current"))).Trim());
        using (var model = TwinGanInference.Load(Path.Combine(host.DataDir, "models", "tiny-e2e", "v1")))
        {
            Assert.Equal(8, model.Resolution);
            Assert.Equal("photo,anime", string.Join(",", model.Manifest.Domains));
        }
        var marked = await client.ListCheckpointsAsync(new ListCheckpointsRequest { JobId = job.Id, PageSize = 1 });
        Assert.Contains("tiny-e2e/v1", marked.Checkpoints[0].PublishedVersions);

        var promoted = await client.SetCurrentModelVersionAsync(new SetCurrentModelVersionRequest { Name = "tiny-e2e", Version = "v2" });
        var listed = await client.ListModelsAsync(new ListModelsRequest());
        var one = await client.GetModelAsync(new GetModelRequest { Name = "tiny-e2e", Version = "v1" });

        Assert.Equal("v2", promoted.CurrentVersion);
        Assert.Equal("v2,v1", string.Join(",", promoted.Versions.Select(v => v.Version)));
        Assert.Equal("first", promoted.Versions.Single(v => v.Version == "v1").Description);
        Assert.Contains(listed.Models, m => m.Name == "tiny-e2e" && m.CurrentVersion == "v2");
        Assert.NotNull(one.Versions.Single().Manifest.TrainingOptions);
        Assert.Null(listed.Models.Single(m => m.Name == "tiny-e2e").Versions[0].Manifest.TrainingOptions);
    }

    [Fact]
    public async Task WatchJob_ReopenedAfterSequence_ContinuesWithoutDuplicatesAndFinishedJobEndsAtOnce()
    {
        await using var host = await TrainerHost.StartAsync();
        await TrainerHost.DiagnoseAsync(() => ReopenFlowAsync(host), host);
    }

    private static async Task ReopenFlowAsync(HostProcess host)
    {
        var client = host.Client();
        var job = await client.StartJobAsync(new StartJobRequest { Config = TinyJobs.Builtin("tiny-watch", 16) });
        var first = await Jobs.WatchUntilAsync(client, job.Id, e => e.EventCase == JobEvent.EventOneofCase.Checkpoint);
        Assert.NotNull(first);

        var rest = await Jobs.WatchToEndAsync(client, job.Id, afterSequence: first.Sequence);
        var again = await Jobs.WatchToEndAsync(client, job.Id);

        var replayed = rest.Skip(2).Select(e => e.Sequence).ToList();
        Assert.All(replayed, s => Assert.True(s > first.Sequence));
        Assert.Equal(replayed.Distinct().Count(), replayed.Count);
        Assert.Equal(JobState.Succeeded, rest[^1].Completed.FinalState);
        Assert.Equal(3, again.Count);
        Assert.Equal((JobState.Succeeded, JobState.Succeeded), (again[0].StateChange.ToState, again[^1].Completed.FinalState));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => Jobs.WatchToEndAsync(client, "job-missing"))).StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(async () =>
            await client.CancelJobAsync(new CancelJobRequest { JobId = job.Id }))).StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ResumeJobAsync(new ResumeJobRequest { JobId = job.Id }))).StatusCode);
    }
}
