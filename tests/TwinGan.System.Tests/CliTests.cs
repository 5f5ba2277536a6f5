using System.Diagnostics;
using System.Text.Json;
using TwinGan.Testing;

namespace TwinGan.System.Tests;

/// <summary>
/// The <c>twingan</c> CLI, pointed at each service of the distributed deployment in turn, trains a model, publishes
/// it, translates a photo, indexes an anime folder and finds twins; then the Trainer is killed with SIGKILL and
/// restarted, and the job and the published model it acknowledged are still there.
/// </summary>
public sealed class CliTests
{
    [RedisFact]
    public async Task The_twingan_cli_trains_publishes_translates_indexes_and_finds_twins_on_the_distributed_services()
    {
        await using var deployment = await Deployment.StartAsync();
        var trainer = $"http://{Deployment.Address(deployment.Trainer)}";
        var translator = $"http://{Deployment.Address(deployment.Translator)}";
        var search = $"http://{Deployment.Address(deployment.Search)}";
        var config = Path.Combine(deployment.Root, "job.json");
        await File.WriteAllTextAsync(config, TinyJob.Json(Deployment.ModelName).ToJsonString());

        var train = await RunAsync(deployment, TimeSpan.FromMinutes(8), "train", "--config", config, "--address", trainer, "--json");
        Assert.True(train.ExitCode == 0, $"train failed ({train.ExitCode}):\n{train.Output}\nTrainer:\n{deployment.Trainer.Output}");
        var events = train.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        var jobId = events[0].GetProperty("jobId").GetString()!;
        var completed = events[^1].GetProperty("completed");
        Assert.Equal("JOB_STATE_SUCCEEDED", completed.GetProperty("finalState").GetString());
        Assert.Contains(events, e => e.TryGetProperty("checkpoint", out _));

        var publish = await RunAsync(deployment, TimeSpan.FromMinutes(2), "publish", jobId, "--address", trainer, "--json");
        Assert.True(publish.ExitCode == 0, $"publish failed ({publish.ExitCode}):\n{publish.Output}");
        var version = JsonDocument.Parse(publish.Stdout).RootElement.GetProperty("version").GetString()!;

        var models = await RunAsync(deployment, TimeSpan.FromMinutes(1), "models", "--address", trainer, "--json");
        Assert.True(models.ExitCode == 0, models.Output);
        var model = JsonDocument.Parse(models.Stdout).RootElement.GetProperty("models").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == Deployment.ModelName);
        Assert.Equal(version, model.GetProperty("currentVersion").GetString());

        // The Translator hot-loads the published version asynchronously: until then a pinned version is NOT_FOUND
        // (exit 5) or the service not ready (exit 3); a real script retries those, so does this test, for a bounded time.
        var photo = Directory.GetFiles(Path.Combine(deployment.TwinFaces, "test", "photo"), "*.png").Order(StringComparer.Ordinal).First();
        var translated = Path.Combine(deployment.Root, "translated.png");
        var translate = await RetryAsync(() => RunAsync(deployment, TimeSpan.FromMinutes(1),
            "translate", photo, "--from", "photo", "--to", "anime", "--version", version, "-o", translated, "--address", translator, "--json"));
        Assert.True(translate.ExitCode == 0, $"translate failed ({translate.ExitCode}):\n{translate.Output}\nTranslator:\n{deployment.Translator.Output}");
        var result = JsonDocument.Parse(translate.Stdout).RootElement.GetProperty("results")[0];
        Assert.Equal(version, result.GetProperty("modelVersion").GetString());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(translated).Take(4).ToArray());

        var animeFolder = Path.Combine(deployment.TwinFaces, "test", "anime");
        var index = await RetryAsync(() => RunAsync(deployment, TimeSpan.FromMinutes(2),
            "index", animeFolder, "--domain", "anime", "--tag", "cli", "--address", search, "--json"));
        Assert.True(index.ExitCode == 0, $"index failed ({index.ExitCode}):\n{index.Output}\nSearch:\n{deployment.Search.Output}");
        var indexed = JsonDocument.Parse(index.Stdout).RootElement;
        var animeCount = Directory.GetFiles(animeFolder, "*.png").Length;
        Assert.Equal(animeCount, indexed.GetProperty("indexed").GetInt32());
        Assert.Equal(0, indexed.GetProperty("failed").GetInt32());

        var twin = await RunAsync(deployment, TimeSpan.FromMinutes(1), "twin", photo, "--domain", "photo", "-k", "3", "--tag", "cli", "--address", search, "--json");
        Assert.True(twin.ExitCode == 0, $"twin failed ({twin.ExitCode}):\n{twin.Output}");
        var twins = JsonDocument.Parse(twin.Stdout).RootElement.GetProperty("twins").EnumerateArray().ToArray();
        Assert.Equal(3, twins.Length);
        Assert.All(twins, t => Assert.Equal("anime", t.GetProperty("item").GetProperty("domain").GetString()));

        // SIGKILL the Trainer and start it again: the finished job and the published version survive.
        await deployment.KillAsync("Trainer");
        await deployment.StartAsync("Trainer");
        var job = await RunAsync(deployment, TimeSpan.FromMinutes(1), "jobs", "get", jobId, "--address", $"http://{Deployment.Address(deployment.Trainer)}", "--json");
        Assert.True(job.ExitCode == 0, job.Output);
        Assert.Equal("JOB_STATE_SUCCEEDED", JsonDocument.Parse(job.Stdout).RootElement.GetProperty("state").GetString());
        var after = await RunAsync(deployment, TimeSpan.FromMinutes(1), "models", "--address", $"http://{Deployment.Address(deployment.Trainer)}", "--json");
        Assert.Contains(JsonDocument.Parse(after.Stdout).RootElement.GetProperty("models").EnumerateArray(),
            m => m.GetProperty("name").GetString() == Deployment.ModelName && m.GetProperty("currentVersion").GetString() == version);
    }

    private sealed record CliRun(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>Retries a command while it fails with "not found" (5) or "not ready" (3), for at most a minute.</summary>
    private static async Task<CliRun> RetryAsync(Func<Task<CliRun>> run)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var result = await run();
            if (result.ExitCode is not (3 or 5) || DateTime.UtcNow > until)
                return result;
            await Task.Delay(500);
        }
    }

    private static async Task<CliRun> RunAsync(Deployment deployment, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = deployment.Root };
        psi.ArgumentList.Add(RepoPaths.CliDll());
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        psi.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("twingan did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"twingan {string.Join(' ', args)} did not finish in {timeout}:\n{await stderr}");
        }
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
