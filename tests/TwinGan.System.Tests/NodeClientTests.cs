using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinGan.Contracts.Search.V1;
using TwinGan.Testing;

namespace TwinGan.System.Tests;

/// <summary>
/// An independent Node.js client (@grpc/grpc-js, loading the repository's .proto files) drives the distributed
/// deployment through training, publishing, translation, embedding, indexing and twin search; then the Search process
/// is killed with SIGKILL and restarted, and every item the client saw acknowledged must still be there.
/// </summary>
public sealed class NodeClientTests
{
    private static readonly string ClientDir = Path.Combine(RepoPaths.Root, "tests", "system", "node");

    [RedisFact]
    public async Task A_node_grpc_client_trains_publishes_translates_indexes_and_finds_twins_and_a_killed_search_loses_nothing()
    {
        await using var deployment = await Deployment.StartAsync();
        var anime = Directory.GetFiles(Path.Combine(deployment.TwinFaces, "test", "anime"), "*.png").Order(StringComparer.Ordinal).ToArray();
        var photos = Directory.GetFiles(Path.Combine(deployment.TwinFaces, "test", "photo"), "*.png").Order(StringComparer.Ordinal).ToArray();
        var scenario = new JsonObject
        {
            ["protoRoot"] = Path.Combine(RepoPaths.Root, "protos"),
            ["trainer"] = Deployment.Address(deployment.Trainer),
            ["translator"] = Deployment.Address(deployment.Translator),
            ["embedder"] = Deployment.Address(deployment.Embedder),
            ["search"] = Deployment.Address(deployment.Search),
            ["requestId"] = Guid.NewGuid().ToString(),
            ["jobConfig"] = TinyJob.Json(Deployment.ModelName),
            ["translateImage"] = photos[0],
            ["queryImage"] = photos[1],
            ["galleryImages"] = new JsonArray([.. anime.Select(f => JsonValue.Create(f))]),
            ["galleryDomain"] = "anime",
            ["queryDomain"] = "photo",
            ["idPrefix"] = "node-",
            ["k"] = 5,
        };
        var scenarioFile = Path.Combine(deployment.Root, "scenario.json");
        await File.WriteAllTextAsync(scenarioFile, scenario.ToJsonString());

        var summary = await RunNodeAsync(scenarioFile, deployment);

        Assert.True(summary.GetProperty("idempotentStart").GetBoolean(), "a StartJob repeated with the same request_id must return the same job");
        Assert.Equal("JOB_STATE_SUCCEEDED", summary.GetProperty("finalState").GetString());
        var kinds = summary.GetProperty("eventKinds");
        Assert.True(kinds.TryGetProperty("stateChange", out _), $"no state-change event in {kinds}");
        Assert.True(kinds.TryGetProperty("progress", out _), $"no progress event in {kinds}");
        Assert.True(kinds.TryGetProperty("checkpoint", out _), $"no checkpoint event in {kinds}");
        Assert.Equal(Deployment.ModelName, summary.GetProperty("publishedName").GetString());
        var version = summary.GetProperty("publishedVersion").GetString();
        Assert.False(string.IsNullOrEmpty(version));
        Assert.Equal("image/png", summary.GetProperty("translatedMediaType").GetString());
        Assert.True(summary.GetProperty("translatedBytes").GetInt32() > 8, "the translation must be a real PNG");
        Assert.Equal(version, summary.GetProperty("translatedModelVersion").GetString());
        Assert.True(summary.GetProperty("embeddingDimension").GetInt32() > 0);
        Assert.Equal(version, summary.GetProperty("embeddingModelVersion").GetString());

        var acknowledged = summary.GetProperty("upserted").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(anime.Length, acknowledged.Length);
        var twins = summary.GetProperty("twins").EnumerateArray().ToArray();
        Assert.Equal(5, twins.Length);
        Assert.All(twins, t => Assert.Equal("anime", t.GetProperty("domain").GetString()));
        Assert.All(twins, t => Assert.Contains(t.GetProperty("id").GetString(), acknowledged));

        // SIGKILL the Search process, start it again on the same data folder and Redis: nothing acknowledged is lost,
        // nothing is duplicated, and answers are the same as before the crash.
        var search = new SearchService.SearchServiceClient(deployment.Search.Channel);
        var before = await search.FindTwinsAsync(new FindTwinsRequest { ItemId = "node-0", TargetDomain = "anime", K = 5 });
        await deployment.KillAsync("Search");
        await deployment.StartAsync("Search");
        await Deployment.WaitUntilServingAsync(deployment.Search, SearchService.Descriptor.FullName, TimeSpan.FromSeconds(60));
        search = new SearchService.SearchServiceClient(deployment.Search.Channel);
        var listed = await search.ListItemsAsync(new ListItemsRequest { Domain = "anime", PageSize = 500 });
        Assert.Equal(acknowledged, listed.Items.Select(i => i.Id).Order(StringComparer.Ordinal).ToArray());
        var stats = await search.GetStatsAsync(new GetStatsRequest());
        Assert.Equal(acknowledged.Length, stats.ItemCount);
        var after = await search.FindTwinsAsync(new FindTwinsRequest { ItemId = "node-0", TargetDomain = "anime", K = 5 });
        Assert.Equal(before.Twins.Select(t => (t.Item.Id, t.Score)), after.Twins.Select(t => (t.Item.Id, t.Score)));
    }

    private static async Task<JsonElement> RunNodeAsync(string scenarioFile, Deployment deployment)
    {
        var modules = Path.Combine(ClientDir, "node_modules", "@grpc", "grpc-js");
        Assert.True(Directory.Exists(modules), $"{modules} is missing: ./test.sh installs the Node.js client's packages (npm ci in {ClientDir}).");
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ClientDir };
        psi.ArgumentList.Add("client.mjs");
        psi.ArgumentList.Add(scenarioFile);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the Node.js client did not finish in 8 minutes:\n{await stderr}\nTrainer:\n{deployment.Trainer.Output}");
        }
        var output = await stdout;
        Assert.True(process.ExitCode == 0,
            $"node client.mjs failed ({process.ExitCode}): {await stderr}\nTrainer:\n{deployment.Trainer.Output}\nSearch:\n{deployment.Search.Output}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
