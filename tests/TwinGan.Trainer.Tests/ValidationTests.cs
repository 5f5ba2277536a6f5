using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Data.TwinFaces;
using TwinGan.Testing;
using TwinGan.Trainer.Tests.Infrastructure;

namespace TwinGan.Trainer.Tests;

/// <summary>
/// One API-only Trainer (Trainer:MaxConcurrentJobs=0, so nothing trains) with an allowed dataset root holding good,
/// empty and undecodable folders and symlinks out of the root.
/// </summary>
public sealed class ValidationHost : IAsyncLifetime
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("twingan-trainer-validation-");

    public HostProcess Host { get; private set; } = null!;

    public string Allowed => Path.Combine(_temp.FullName, "allowed");

    public string Outside => Path.Combine(_temp.FullName, "outside");

    public async Task InitializeAsync()
    {
        TwinFacesExporter.Write(Path.Combine(Allowed, "export"), 8, new TwinFacesCounts(TrainPerDomain: 4, TestPairs: 1), seed: 1);
        TwinFacesExporter.Write(Outside, 8, new TwinFacesCounts(TrainPerDomain: 4, TestPairs: 1), seed: 2);
        Directory.CreateDirectory(Path.Combine(Allowed, "empty"));
        await File.WriteAllTextAsync(Path.Combine(Allowed, "empty", "readme.txt"), "no images here");
        Directory.CreateDirectory(Path.Combine(Allowed, "garbage"));
        for (var i = 0; i < 3; i++) await File.WriteAllBytesAsync(Path.Combine(Allowed, "garbage", $"{i}.png"), [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        Directory.CreateSymbolicLink(Path.Combine(Allowed, "link-out"), Path.Combine(Outside, "train", "photo"));
        var mixed = Path.Combine(Allowed, "mixed");
        Directory.CreateDirectory(mixed);
        foreach (var file in Directory.GetFiles(Path.Combine(Allowed, "export", "train", "photo"))) File.Copy(file, Path.Combine(mixed, Path.GetFileName(file)));
        File.CreateSymbolicLink(Path.Combine(mixed, "stolen.png"), Directory.GetFiles(Path.Combine(Outside, "train", "anime"))[0]);
        await File.WriteAllTextAsync(Path.Combine(Outside, "labels.csv"), "file,hair\n");
        Host = await TrainerHost.StartAsync("--Trainer:MaxConcurrentJobs=0", $"--Trainer:AllowedDatasetRoots:0={Allowed}");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _temp.Delete(recursive: true);
    }
}

public sealed class ValidationTests(ValidationHost fixture) : IClassFixture<ValidationHost>
{
    private TrainerService.TrainerServiceClient Client => fixture.Host.Client();

    private static JobConfig WithPhotoRoot(string root)
    {
        var config = TinyJobs.Builtin("tiny-validation", 32);
        config.Domains[0] = new DomainDataset { Domain = "photo", Roots = { root } };
        return config;
    }

    [Theory]
    [InlineData("allowed/../outside/train/photo", StatusCode.InvalidArgument, "PATH_OUTSIDE_ALLOWED_ROOTS")]
    [InlineData("outside/train/photo", StatusCode.InvalidArgument, "PATH_OUTSIDE_ALLOWED_ROOTS")]
    [InlineData("allowed/link-out", StatusCode.InvalidArgument, "PATH_OUTSIDE_ALLOWED_ROOTS")]
    [InlineData("allowed/mixed", StatusCode.InvalidArgument, "PATH_OUTSIDE_ALLOWED_ROOTS")]
    [InlineData("relative/photo", StatusCode.InvalidArgument, "PATH_NOT_ABSOLUTE")]
    [InlineData("allowed/missing", StatusCode.FailedPrecondition, "DATASET_ROOT_MISSING")]
    [InlineData("allowed/empty", StatusCode.FailedPrecondition, "DATASET_ROOT_EMPTY")]
    [InlineData("allowed/garbage", StatusCode.FailedPrecondition, "DATASET_UNREADABLE")]
    public async Task StartJob_BadDatasetRoot_IsRefusedWithFieldViolation(string root, StatusCode code, string reason)
    {
        var path = root.StartsWith("relative", StringComparison.Ordinal) ? root : Path.Combine(Path.GetDirectoryName(fixture.Allowed)!, root);

        var e = await Jobs.AssertRejectedAsync(async () => await Client.StartJobAsync(new StartJobRequest { Config = WithPhotoRoot(path) }),
            code, "config.domains[0].roots[0]", reason);

        Assert.DoesNotContain("Exception", e.Status.Detail);
    }

    [Fact]
    public async Task StartJob_GoodFolderUnderAllowedRoot_IsQueued()
    {
        var job = await Client.StartJobAsync(new StartJobRequest { Config = WithPhotoRoot(Path.Combine(fixture.Allowed, "export", "train", "photo")) });

        Assert.Equal(JobState.Queued, job.State);
    }

    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { "resolution", "config.resolution", "OUT_OF_RANGE" },
        { "one-domain", "config.domains", "OUT_OF_RANGE" },
        { "same-domain", "config.domains[1].domain", "DUPLICATE_DOMAIN" },
        { "bad-domain", "config.domains[0].domain", "UNKNOWN_DOMAIN" },
        { "model-name", "config.model_name", "INVALID_NAME" },
        { "builtin", "config.domains[0].builtin", "UNKNOWN_DATASET" },
        { "advanced", "config.advanced_options.noSuchOption", "UNKNOWN_OPTION" },
        { "advanced-data", "config.advanced_options.data", "UNKNOWN_OPTION" },
        { "labels-outside", "config.domains[0].labels_csv", "PATH_OUTSIDE_ALLOWED_ROOTS" },
        { "learning-rate", "config.optimizer.learning_rate", "OUT_OF_RANGE" },
        { "ema-rampup", "config.optimizer.ema_rampup", "OUT_OF_RANGE" },
        { "batch", "config.batch_size_per_resolution[8]", "OUT_OF_RANGE" },
        { "no-config", "config", "REQUIRED" },
        { "request-id", "request_id", "INVALID_ID" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task StartJob_InvalidConfig_IsInvalidArgumentNamingTheField(string mutation, string field, string reason)
    {
        var request = new StartJobRequest { Config = TinyJobs.Builtin("tiny-validation", 32) };
        var c = request.Config;
        switch (mutation)
        {
            case "resolution": c.Resolution = 12; break;
            case "one-domain": c.Domains.RemoveAt(1); break;
            case "same-domain": c.Domains[1].Domain = "photo"; break;
            case "bad-domain": c.Domains[0].Domain = "Photo!"; break;
            case "model-name": c.ModelName = "Bad_Name"; break;
            case "builtin": c.Domains[0].Builtin = "twin-faces/cat"; break;
            case "advanced": c.AdvancedOptions.Fields["noSuchOption"] = Value.ForNumber(1); break;
            case "advanced-data": c.AdvancedOptions.Fields["data"] = Value.ForString("/etc"); break;
            case "labels-outside":
                c.Domains[0] = new DomainDataset { Domain = "photo", Roots = { Path.Combine(fixture.Allowed, "export", "train", "photo") }, LabelsCsv = Path.Combine(fixture.Outside, "labels.csv") };
                break;
            case "learning-rate": c.Optimizer = new OptimizerConfig { LearningRate = -1 }; break;
            case "ema-rampup": c.Optimizer = new OptimizerConfig { EmaRampup = -0.5 }; break;
            case "batch": c.BatchSizePerResolution[8] = 1; break;
            case "no-config": request.Config = null; break;
            case "request-id": request.RequestId = "../../etc"; break;
        }

        await Jobs.AssertRejectedAsync(async () => await Client.StartJobAsync(request), StatusCode.InvalidArgument, field, reason);
    }

    [Fact]
    public async Task StartJob_SameRequestIdTwice_ReturnsTheFirstJobAndRefusesAnotherConfig()
    {
        var request = new StartJobRequest { Config = TinyJobs.Builtin("tiny-idempotent", 32), RequestId = Guid.NewGuid().ToString() };

        var first = await Client.StartJobAsync(request);
        var second = await Client.StartJobAsync(request.Clone());
        var changed = request.Clone();
        changed.Config.Seed = 99;
        var conflict = await Assert.ThrowsAsync<RpcException>(async () => await Client.StartJobAsync(changed));
        var reordered = request.Clone();
        reordered.Config.BatchSizePerResolution.Clear();
        reordered.Config.BatchSizePerResolution.Add(8, TinyJobs.Batch);
        reordered.Config.BatchSizePerResolution.Add(4, TinyJobs.Batch);
        var third = await Client.StartJobAsync(reordered);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, third.Id);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        var all = await Client.ListJobsAsync(new ListJobsRequest { ModelName = "tiny-idempotent" });
        Assert.Single(all.Jobs);
    }

    [Fact]
    public async Task ListJobs_FiltersAndPages_NewestFirstWithoutConfig()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await Client.StartJobAsync(new StartJobRequest { Config = TinyJobs.Builtin("tiny-list", 32) })).Id);
        await Client.CancelJobAsync(new CancelJobRequest { JobId = ids[0] });

        var page1 = await Client.ListJobsAsync(new ListJobsRequest { ModelName = "tiny-list", PageSize = 3 });
        var page2 = await Client.ListJobsAsync(new ListJobsRequest { ModelName = "tiny-list", PageSize = 3, PageToken = page1.NextPageToken });
        var cancelled = await Client.ListJobsAsync(new ListJobsRequest { ModelName = "tiny-list", States = { JobState.Cancelled } });

        Assert.Equal(ids.AsEnumerable().Reverse(), page1.Jobs.Concat(page2.Jobs).Select(j => j.Id));
        Assert.Empty(page2.NextPageToken);
        Assert.All(page1.Jobs, j => Assert.Null(j.Config));
        Assert.Equal(ids[0], cancelled.Jobs.Single().Id);
        await Jobs.AssertRejectedAsync(async () => await Client.ListJobsAsync(new ListJobsRequest { ModelName = "other", PageToken = page1.NextPageToken }),
            StatusCode.InvalidArgument, "page_token", "INVALID_PAGE_TOKEN");
    }

    [Fact]
    public async Task JobAndModelRpcs_UnknownOrWrongState_AnswerTheDocumentedCodes()
    {
        var job = await Client.StartJobAsync(new StartJobRequest { Config = TinyJobs.Builtin("tiny-states", 32) });
        var cancelled = await Client.CancelJobAsync(new CancelJobRequest { JobId = job.Id });

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.ResumeJobAsync(new ResumeJobRequest { JobId = job.Id }))).StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.PublishModelAsync(new PublishModelRequest { JobId = job.Id }))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.GetJobAsync(new GetJobRequest { JobId = "job-unknown" }))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.ListCheckpointsAsync(new ListCheckpointsRequest { JobId = "job-unknown" }))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.GetModelAsync(new GetModelRequest { Name = "no-such-model" }))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.SetCurrentModelVersionAsync(new SetCurrentModelVersionRequest { Name = "no-such-model", Version = "v1" }))).StatusCode);
        await Jobs.AssertRejectedAsync(async () => await Client.GetJobAsync(new GetJobRequest()), StatusCode.InvalidArgument, "job_id", "REQUIRED");
        Assert.Empty((await Client.ListCheckpointsAsync(new ListCheckpointsRequest { JobId = job.Id })).Checkpoints);
    }
}
