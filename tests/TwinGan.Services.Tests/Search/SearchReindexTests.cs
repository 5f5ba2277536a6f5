using System.Collections.Concurrent;
using Grpc.Core;
using StackExchange.Redis;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Embedder.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.Services.Tests.Serving;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests.Search;

/// <summary>
/// Reindex across processes: a real Embedder serving two tiny published model versions, two Search replicas on one
/// redis-server. Publishing v2 starts the reindex by itself; queries keep answering from v1 until every replica switches.
/// </summary>
public sealed class SearchReindexTests
{
    private const string SearchService = "twingan.search.v1.SearchService";
    // Generous: model loading and warm-up share two cores with parallel builds and tests.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(180);

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(20);

    private static UpsertItem ByImage(string id, byte seed, string domain = "anime") =>
        new() { Id = id, Domain = domain, Image = new ImageContent { Image = TestImages.Png(16, 16, seed) } };

    [RedisFact]
    public async Task PublishNewVersion_ReindexesInBackground_QueriesNeverFailAndBothReplicasSwitch()
    {
        var address = RedisFactAttribute.RequireAddress();
        var prefix = $"ri{Guid.NewGuid():N}:";
        string[] redisArgs = ["--Storage:Provider=Redis", $"--Storage:Redis:Configuration={address}", $"--Storage:Redis:KeyPrefix={prefix}"];
        await using var redis = await ConnectionMultiplexer.ConnectAsync(address);
        var registry = new RedisModelRegistry(redis, prefix);
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1, publish: false);
        await models.AddAsync("v2", seed: 2, publish: false);
        await registry.SetCurrentVersionAsync(PublishedModels.Name, "v1");

        await using var embedder = await HostProcess.StartServiceInAsync("Embedder", models.Root, ["--Models:Default=faces", .. redisArgs]);
        var embedderReady = await HealthProbe.WaitForAsync(embedder.Channel, "twingan.embedder.v1.EmbedderService", ServingStatus.Serving, Settle);
        Assert.True(embedderReady == ServingStatus.Serving, $"the Embedder stayed {embedderReady}:\n{embedder.Output}");
        string[] searchArgs = [.. redisArgs, "--Search:ModelName=faces", $"--Search:EmbedderAddress=http://127.0.0.1:{embedder.Port}",
            "--Search:Domains:0=photo", "--Search:Domains:1=anime"];
        await using var a = await HostProcess.StartServiceAsync("Search", searchArgs);
        await using var b = await HostProcess.StartServiceAsync("Search", searchArgs);
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(a.Channel, SearchService, ServingStatus.Serving, Settle));
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(b.Channel, SearchService, ServingStatus.Serving, Settle));
        var searchA = new SearchService.SearchServiceClient(a.Channel);
        var searchB = new SearchService.SearchServiceClient(b.Channel);

        var upsert = new UpsertItemsRequest();
        for (var i = 0; i < 12; i++) upsert.Items.Add(ByImage($"img-{i}", (byte)(i * 20)));
        upsert.Items[0].Image.GenerateThumbnail = true;
        await searchA.UpsertItemsAsync(upsert, deadline: Deadline);
        var v1Embedding = (await searchA.GetItemAsync(new GetItemRequest { Id = "img-0", IncludeEmbedding = true }, deadline: Deadline)).Embedding;
        await searchA.UpsertItemsAsync(new UpsertItemsRequest { Items = { new UpsertItem { Id = "emb-only", Domain = "anime", Embedding = v1Embedding } } },
            deadline: Deadline);

        var query = new FindTwinsRequest { Image = new ImageQuery { Image = TestImages.Png(16, 16, 7), Domain = "photo" }, K = 3, TargetDomain = "anime" };
        var versions = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                versions.Enqueue((await searchB.FindTwinsAsync(query, deadline: Deadline)).ModelVersion);
        });
        await Task.Delay(300);
        await registry.SetCurrentVersionAsync(PublishedModels.Name, "v2");

        var reindex = await LatestReindexAsync(searchA);
        // The replicas hear of v2 from the registry when the Embedder does; during the Embedder's warm-up of v2 an
        // image upsert pinned to v2 is answered Unavailable (retryable). The upsert during the reindex waits it out.
        var embedderClient = new EmbedderService.EmbedderServiceClient(embedder.Channel);
        await WaitAsync(() => EmbedderServesAsync(embedderClient, "v2"));
        await searchB.UpsertItemsAsync(new UpsertItemsRequest { Items = { ByImage("during", 99) } }, deadline: Deadline);
        var final = reindex;
        using (var watch = searchB.WatchReindex(new WatchReindexRequest { ReindexId = reindex.Id }, deadline: DateTime.UtcNow.AddSeconds(120)))
            await foreach (var op in watch.ResponseStream.ReadAllAsync()) final = op;
        await WaitAsync(async () => (await searchB.GetStatsAsync(new GetStatsRequest(), deadline: Deadline)).ModelVersion == "v2");
        await Task.Delay(300);
        await stop.CancelAsync();
        await load;

        Assert.True(final.State == ReindexState.Succeeded, $"reindex ended {final.State}: {final.FailureMessage}\n{a.Output}\n{b.Output}");
        Assert.Equal(("v1", "v2"), (final.FromModelVersion, final.ToModelVersion));
        Assert.Equal(1, final.Progress.Failed);
        Assert.Equal((int)StatusCode.FailedPrecondition, final.FailedItems["emb-only"].Code);
        var seen = versions.ToArray();
        Assert.Equal("v1", seen[0]);
        Assert.Equal("v2", seen[^1]);
        Assert.Equal(seen.Length - 1, seen.Zip(seen.Skip(1)).Count(p => string.CompareOrdinal(p.First, p.Second) <= 0));

        foreach (var replica in new[] { searchA, searchB })
        {
            Assert.Equal("v2", (await replica.GetStatsAsync(new GetStatsRequest(), deadline: Deadline)).ModelVersion);
            var item = await replica.GetItemAsync(new GetItemRequest { Id = "img-3", IncludeEmbedding = true }, deadline: Deadline);
            var direct = await embedderClient.EmbedAsync(new EmbedRequest
            {
                Image = TestImages.Png(16, 16, 60), Domain = "anime", Layout = EmbeddingLayout.Pooled, Model = new ModelRef { Name = "faces", Version = "v2" },
            }, deadline: Deadline);
            Assert.Equal(direct.Embedding.Values, item.Embedding.Values);
            Assert.Equal("v2", (await replica.GetItemAsync(new GetItemRequest { Id = "during" }, deadline: Deadline)).ModelVersion);
            Assert.Equal("v1", (await replica.GetItemAsync(new GetItemRequest { Id = "emb-only" }, deadline: Deadline)).ModelVersion);
            var stale = await Assert.ThrowsAsync<RpcException>(async () =>
                await replica.FindTwinsAsync(new FindTwinsRequest { ItemId = "emb-only", K = 1 }, deadline: Deadline));
            Assert.Equal(StatusCode.FailedPrecondition, stale.StatusCode);
        }
        var thumbnail = (await searchB.GetItemAsync(new GetItemRequest { Id = "img-0", IncludeThumbnail = true }, deadline: Deadline)).Thumbnail;
        Assert.Equal("image/webp", thumbnail.MediaType);
        Assert.Equal("RIFF"u8.ToArray(), thumbnail.Data.Span[..4].ToArray());
        var withThumbnails = await searchB.FindTwinsAsync(new FindTwinsRequest { ItemId = "img-1", TargetDomain = "anime", K = 20, IncludeThumbnails = true }, deadline: Deadline);
        Assert.Equal("image/webp", withThumbnails.Twins.Single(t => t.Item.Id == "img-0").Item.Thumbnail.MediaType);
        var fromA = await searchA.FindTwinsAsync(query, deadline: Deadline);
        var fromB = await searchB.FindTwinsAsync(query, deadline: Deadline);
        Assert.Equal(fromA.Twins.Select(t => t.Item.Id), fromB.Twins.Select(t => t.Item.Id));
        Assert.Equal(3, fromA.Twins.Count);
    }

    private static async Task<ReindexOperation> LatestReindexAsync(SearchService.SearchServiceClient client)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await client.GetReindexStatusAsync(new GetReindexStatusRequest(), deadline: Deadline);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<bool> EmbedderServesAsync(EmbedderService.EmbedderServiceClient client, string version)
    {
        try
        {
            await client.EmbedAsync(new EmbedRequest
            {
                Image = TestImages.Png(16, 16, 1), Domain = "photo", Model = new ModelRef { Name = "faces", Version = version },
            }, deadline: Deadline);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            return false;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold within 30 s");
            await Task.Delay(100);
        }
    }
}
