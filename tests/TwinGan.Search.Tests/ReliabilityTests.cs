using System.Diagnostics;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Tests.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Search.Tests;

/// <summary>Real Search processes on loopback against real redis-server processes.</summary>
public sealed class ReliabilityTests
{
    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(10);

    private static string[] RedisArgs(string address, string prefix) =>
        ["--Storage:Provider=Redis", $"--Storage:Redis:Configuration={address}", $"--Storage:Redis:KeyPrefix={prefix}"];

    [RedisFact]
    public async Task TwoReplicas_UpsertThroughOne_FoundThroughOtherWithinOneSecond()
    {
        var args = RedisArgs(RedisFactAttribute.RequireAddress(), $"r{Guid.NewGuid():N}:");
        await using var a = await HostProcess.StartServiceAsync("Search", args);
        await using var b = await HostProcess.StartServiceAsync("Search", args);
        await Task.WhenAll(a.WaitUntilSearchServingAsync(), b.WaitUntilSearchServingAsync());
        var clock = Stopwatch.StartNew();
        await a.Search.UpsertItemsAsync(new UpsertItemsRequest { Items = { TestData.Item("twin-1", 42) } }, deadline: Deadline);
        FindTwinsResponse found;
        do
        {
            found = await b.Search.FindTwinsAsync(new FindTwinsRequest { Embedding = TestData.Embedding(TestData.Vector(42)), K = 1 }, deadline: Deadline);
        } while (found.Twins.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(1));
        Assert.True(found.Twins.Count == 1, $"replica b did not see the item within 1 s ({clock.ElapsedMilliseconds} ms)");
        Assert.Equal("twin-1", found.Twins[0].Item.Id);
    }

    [RedisFact]
    public async Task KillDuringBulkUpsert_Restart_AckedItemsPresentOnceAndSameResultsAsSurvivor()
    {
        var args = RedisArgs(RedisFactAttribute.RequireAddress(), $"k{Guid.NewGuid():N}:");
        var dataDir = Directory.CreateTempSubdirectory("twingan-search-kill-").FullName;
        await using var survivor = await HostProcess.StartServiceAsync("Search", args);
        var victim = await HostProcess.StartServiceInAsync("Search", dataDir, [.. args, "--Search:SnapshotInterval=00:00:00.300"]);
        await victim.WaitUntilSearchServingAsync();
        var acked = new HashSet<string>();
        int AckCount()
        {
            lock (acked) return acked.Count;
        }
        using (var call = victim.Search.UpsertStream(deadline: DateTime.UtcNow.AddSeconds(30)))
        {
            var reader = Task.Run(async () =>
            {
                try
                {
                    await foreach (var response in call.ResponseStream.ReadAllAsync())
                        lock (acked) acked.UnionWith(response.Acks.Where(x => x.Result is not null).Select(x => x.Id));
                }
                catch (RpcException)
                {
                    // The server was killed.
                }
            });
            try
            {
                for (ulong i = 1; i <= 3000; i++)
                {
                    await call.RequestStream.WriteAsync(new UpsertStreamRequest { Sequence = i, Item = TestData.Item($"bulk-{i}", (int)i) });
                    if (i != 1500) continue;
                    // Kill mid-stream, once some items were acknowledged and more are in flight.
                    for (var wait = 0; wait < 200 && AckCount() < 200; wait++) await Task.Delay(50);
                    await victim.KillAsync();
                }
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
            {
                // Writing to a dead server fails; the acks read so far are what counts.
            }
            await reader;
        }
        await victim.DisposeAsync();
        Assert.NotEmpty(acked);

        await using var restarted = await HostProcess.StartServiceInAsync("Search", dataDir, args);
        await restarted.WaitUntilSearchServingAsync();
        var statsA = await restarted.Search.GetStatsAsync(new GetStatsRequest(), deadline: Deadline);
        var statsB = await survivor.Search.GetStatsAsync(new GetStatsRequest(), deadline: Deadline);
        Assert.Equal(statsB.AppliedChangeOffset, statsA.AppliedChangeOffset);
        var ids = await ListAllAsync(restarted.Search);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Superset(acked.ToHashSet(), ids.ToHashSet());
        Assert.Equal(ids, await ListAllAsync(survivor.Search));
        for (var q = 0; q < 5; q++)
        {
            var request = new FindTwinsRequest { Embedding = TestData.Embedding(TestData.Vector(10_000 + q)), K = 10, Ef = 500 };
            var x = await restarted.Search.FindTwinsAsync(request, deadline: Deadline);
            var y = await survivor.Search.FindTwinsAsync(request, deadline: Deadline);
            Assert.Equal(y.Twins.Select(t => t.Item.Id), x.Twins.Select(t => t.Item.Id));
        }
        Directory.Delete(dataDir, recursive: true);
    }

    [RedisFact]
    public async Task StreamTrimmedPastStoppedReplica_Restart_RebuildsFromHashesAndMatchesSurvivor()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        string[] args = [.. RedisArgs(RedisFactAttribute.RequireAddress(), prefix), "--Search:SnapshotInterval=00:00:00.300",
            "--Search:StreamTrimMargin=00:00:00", "--Search:StreamReplicaTtl=00:00:02"];
        var dataDir = Directory.CreateTempSubdirectory("twingan-search-trim-").FullName;
        await using var survivor = await HostProcess.StartServiceAsync("Search", args);
        var stopped = await HostProcess.StartServiceInAsync("Search", dataDir, args);
        await Task.WhenAll(survivor.WaitUntilSearchServingAsync(), stopped.WaitUntilSearchServingAsync());
        for (var i = 0; i < 10; i++)
            await survivor.Search.UpsertItemsAsync(new UpsertItemsRequest { Items = { TestData.Item($"early-{i}", i) } }, deadline: Deadline);
        await WaitForAsync(async () => (await stopped.Search.GetStatsAsync(new GetStatsRequest(), deadline: Deadline)).SnapshotChangeOffset.Length > 0);
        await stopped.DisposeAsync();

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());
        var stream = prefix + "gallery:changes";
        for (var i = 0; i < 50; i++)
        {
            await survivor.Search.UpsertItemsAsync(new UpsertItemsRequest { Items = { TestData.Item($"late-{i}", 100 + i) } }, deadline: Deadline);
            await Task.Delay(20);
        }
        await survivor.Search.DeleteItemsAsync(new DeleteItemsRequest { Ids = { "early-3" } }, deadline: Deadline);
        // The stopped replica's report expires after 2 s; the survivor's next snapshots then trim past it.
        await WaitForAsync(async () => await redis.GetDatabase().StreamLengthAsync(stream) < 10, TimeSpan.FromSeconds(20));

        await using var restarted = await HostProcess.StartServiceInAsync("Search", dataDir, args);
        await restarted.WaitUntilSearchServingAsync();
        Assert.Contains("rebuilding the index", restarted.Output, StringComparison.Ordinal);
        var ids = await ListAllAsync(restarted.Search);
        Assert.Equal(59, ids.Count);
        Assert.DoesNotContain("early-3", ids);
        Assert.Equal(await ListAllAsync(survivor.Search), ids);
        var twin = await restarted.Search.FindTwinsAsync(new FindTwinsRequest { Embedding = TestData.Embedding(TestData.Vector(120)), K = 1 }, deadline: Deadline);
        Assert.Equal("late-20", twin.Twins[0].Item.Id);
        Directory.Delete(dataDir, recursive: true);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("the condition did not hold in time");
            await Task.Delay(100);
        }
    }

    private static async Task<List<string>> ListAllAsync(SearchService.SearchServiceClient client)
    {
        var ids = new List<string>();
        var request = new ListItemsRequest { PageSize = 500 };
        do
        {
            var page = await client.ListItemsAsync(request, deadline: Deadline);
            ids.AddRange(page.Items.Select(i => i.Id));
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return ids;
    }

    [Fact]
    public async Task RedisStopped_CallsFailFastUnavailable_RecoversWhenBack()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is not installed; run ./test.sh, which installs it.");
        await using var redis = new RedisServer();
        await redis.StartAsync();
        await using var host = await HostProcess.StartServiceAsync("Search", RedisArgs(redis.Address, "o:"));
        await host.WaitUntilSearchServingAsync();
        await host.Search.UpsertItemsAsync(new UpsertItemsRequest { Items = { TestData.Item("before", 1) } }, deadline: Deadline);

        await redis.StopAsync();
        var clock = Stopwatch.StartNew();
        var write = await Assert.ThrowsAsync<RpcException>(() =>
            host.Search.UpsertItemsAsync(new UpsertItemsRequest { Items = { TestData.Item("during", 2) } }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, write.StatusCode);
        Assert.Contains("redis", write.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"the write took {clock.Elapsed} to fail");
        await host.WaitForAsync(SearchRegistration.ServiceName, ServingStatus.NotServing, TimeSpan.FromSeconds(15));
        var read = await Assert.ThrowsAsync<RpcException>(() =>
            host.Search.FindTwinsAsync(new FindTwinsRequest { ItemId = "before", K = 1 }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, read.StatusCode);
        await host.WaitForAsync("liveness", ServingStatus.Serving, TimeSpan.FromSeconds(5));

        await redis.StartAsync();
        await host.WaitForAsync(SearchRegistration.ServiceName, ServingStatus.Serving, TimeSpan.FromSeconds(30));
        await host.Search.UpsertItemsAsync(new UpsertItemsRequest { Items = { TestData.Item("after", 3) } }, deadline: Deadline);
        var item = await host.Search.GetItemAsync(new GetItemRequest { Id = "before" }, deadline: Deadline);
        Assert.Equal("before", item.Id);
    }

    [Fact]
    public async Task UpsertByImage_EmbedderNotServing_UnavailableWithClearMessage()
    {
        var embedderDll = Path.Combine(RepoPaths.Root, "services", "Embedder", "bin", RepoPaths.Configuration, "net10.0", "TwinGan.Embedder.dll");
        Assert.True(File.Exists(embedderDll), $"the Embedder host is not built ({embedderDll}); build TwinGan.sln first.");
        await using var embedder = await HostProcess.StartServiceAsync("Embedder");
        await using var search = await HostProcess.StartServiceAsync("Search", $"--Search:EmbedderAddress=http://127.0.0.1:{embedder.Port}");
        await search.WaitUntilSearchServingAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 8, 0, 0, 0, 8, 8, 2, 0, 0, 0];
        var item = new UpsertItem { Id = "by-image", Domain = "photo",
            Image = new ImageContent { Image = new Image { Data = Google.Protobuf.ByteString.CopyFrom(png) } } };
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            search.Search.UpsertItemsAsync(new UpsertItemsRequest { Items = { item } }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("Embedder", e.Status.Detail, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            search.Search.GetItemAsync(new GetItemRequest { Id = "by-image" }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
