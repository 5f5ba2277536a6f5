using StackExchange.Redis;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.Testing;

namespace TwinGan.Services.Tests;

/// <summary>Both registry providers: what one instance publishes another sees, and watchers are told.</summary>
public sealed class ModelRegistryTests
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FileRegistry_SetThenWatchFromSecondInstance_SeesChange()
    {
        var root = Directory.CreateTempSubdirectory("twingan-registry-").FullName;
        try
        {
            await AssertPublishIsSeenAsync(new FileModelRegistry(root), new FileModelRegistry(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [RedisFact]
    public async Task RedisRegistry_SetThenWatchFromSecondConnection_SeesChange()
    {
        var prefix = $"twingan-test:{Guid.NewGuid():N}:";
        await using var a = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());
        await using var b = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());

        await AssertPublishIsSeenAsync(new RedisModelRegistry(a, prefix), new RedisModelRegistry(b, prefix));
    }

    [Theory]
    [InlineData("../etc", "v1")]
    [InlineData("Human2Anime", "v1")]
    [InlineData("human2anime", "v1/../../x")]
    [InlineData("", "v1")]
    public async Task SetCurrentVersion_UnsafeNameOrVersion_Throws(string name, string version)
    {
        var registry = new FileModelRegistry(Path.GetTempPath());

        await Assert.ThrowsAsync<ArgumentException>(() => registry.SetCurrentVersionAsync(name, version));
    }

    private static async Task AssertPublishIsSeenAsync(IModelRegistry publisher, IModelRegistry watcher)
    {
        Assert.Null(await watcher.GetCurrentVersionAsync("human2anime"));
        await publisher.SetCurrentVersionAsync("human2cat", "c1");
        using var cts = new CancellationTokenSource(WatchTimeout);
        await using var changes = watcher.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await changes.MoveNextAsync(), "the watcher did not start with the current state");
        Assert.Equal(new ModelVersionChange("human2cat", "c1"), changes.Current);

        var next = changes.MoveNextAsync().AsTask();
        await publisher.SetCurrentVersionAsync("human2anime", "v1");
        Assert.True(await next, "the watcher saw no change");
        Assert.Equal(new ModelVersionChange("human2anime", "v1"), changes.Current);

        next = changes.MoveNextAsync().AsTask();
        await publisher.SetCurrentVersionAsync("human2anime", "v2");
        Assert.True(await next, "the watcher saw no second change");
        Assert.Equal(new ModelVersionChange("human2anime", "v2"), changes.Current);

        Assert.Equal("v2", await watcher.GetCurrentVersionAsync("human2anime"));
        Assert.Equal("v2", (await watcher.ListAsync())["human2anime"]);
    }
}
