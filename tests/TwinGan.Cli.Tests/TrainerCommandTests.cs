using System.Text.Json.Nodes;

namespace TwinGan.Cli.Tests;

/// <summary>train, jobs, publish and models against the Trainer of a real <c>twingan serve</c>, with tiny jobs.</summary>
[Collection(ServeFixtureGroup.Name)]
public sealed class TrainerCommandTests(ServeFixture serve)
{
    /// <summary>A job small enough for a shared 2-core box: 4 → 8 px, tiny channels, 16 images per phase (48 in all).</summary>
    private static string TinyJob(string model) => new JsonObject
    {
        ["modelName"] = model,
        ["domains"] = new JsonArray(
            new JsonObject { ["domain"] = "photo", ["builtin"] = "twin-faces/photo" },
            new JsonObject { ["domain"] = "anime", ["builtin"] = "twin-faces/anime" }),
        ["resolution"] = 8,
        ["startResolution"] = 4,
        ["channelPlan"] = new JsonObject { ["maxChannels"] = 16, ["channelBase"] = 128 },
        ["batchSizePerResolution"] = new JsonObject { ["4"] = 4, ["8"] = 4 },
        ["imagesPerFadePhase"] = "16",
        ["imagesPerStablePhase"] = "16",
        ["checkpointIntervalImages"] = "16",
        ["sampleIntervalImages"] = "16",
        ["seed"] = "3",
        ["advancedOptions"] = new JsonObject { ["builtinTrainCount"] = 300, ["statsIntervalImages"] = 8, ["loaderWorkers"] = 1 },
    }.ToJsonString();

    /// <summary>One tiny job through every Trainer command (a single job keeps the suite within its time budget).</summary>
    [Fact]
    public async Task TrainWatchPublish_TinyJobFromConfigFile_SucceedsAndThePublishedVersionIsListed()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("job.json"), TinyJob("tiny-cli"));

        var start = await serve.RunAsync("train", "--config", dir.File("job.json"), "--display-name", "cli test", "--label", "team=cli", "--detach", "--json");
        Assert.True(start.ExitCode == 0, start.ToString());
        var jobId = (string)start.Json()["id"]!;
        Assert.Equal("tiny-cli", (string?)start.Json()["config"]!["modelName"]);

        var watch = await serve.RunAsync("jobs", "watch", jobId, "--samples", dir.File("samples"));
        Assert.True(watch.ExitCode == 0, watch.ToString());
        Assert.Contains("succeeded", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains("Loss/G/", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains(jobId, watch.Stderr, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(dir.File("samples"), "*.png"));

        var replay = await serve.RunAsync("jobs", "watch", jobId, "--json");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        var events = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal("JOB_STATE_SUCCEEDED", (string?)events[^1]["completed"]!["finalState"]);
        Assert.All(events, e => Assert.Equal(jobId, (string?)e["jobId"]));

        var publish = await serve.RunAsync("publish", jobId, "--description", "from the cli", "--json");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Equal(("tiny-cli", "v1", true), ((string?)publish.Json()["modelName"], (string?)publish.Json()["version"], (bool?)publish.Json()["isCurrent"]));

        var models = await serve.RunAsync("models", "--json");
        Assert.True(models.ExitCode == 0, models.ToString());
        var model = models.Json()["models"]!.AsArray().Single(m => (string?)m!["name"] == "tiny-cli")!;
        Assert.Equal("v1", (string?)model["currentVersion"]);
        var get = await serve.RunAsync("models", "get", "tiny-cli");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("from the cli", get.Stdout, StringComparison.Ordinal);

        var jobs = await serve.RunAsync("jobs", "list", "--model", "tiny-cli", "--state", "succeeded", "--json");
        Assert.True(jobs.ExitCode == 0, jobs.ToString());
        var job = Assert.Single(jobs.Json()["jobs"]!.AsArray())!;
        Assert.Equal((jobId, "cli test", "cli"), ((string?)job["id"], (string?)job["displayName"], (string?)job["labels"]!["team"]));
    }

    [Fact]
    public async Task Jobs_UnknownJob_NotFoundExit5()
    {
        var run = await serve.RunAsync("jobs", "get", "no-such-job");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("NOT_FOUND", run.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Train_InvalidConfig_FieldViolationsPrintedExit4()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("job.json"), TinyJob("Bad Name!"));

        var run = await serve.RunAsync("train", "--config", dir.File("job.json"), "--resolution", "12", "--detach");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("INVALID_ARGUMENT", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("config.model_name", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("config.resolution", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_MalformedConfigFile_UsageExit2()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("job.json"), "{\"modelName\": \"x\", \"noSuchField\": 1}");

        var run = await serve.RunAsync("train", "--config", dir.File("job.json"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("job.json", run.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(run);
    }
}
