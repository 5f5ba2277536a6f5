using Google.Protobuf;
using StackExchange.Redis;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Storage;
using TwinGan.Search.Tests.Infrastructure;

namespace TwinGan.Search.Tests;

public sealed class RedisGalleryStoreTests
{
    private static ItemWrite Write(string id) => new(id, new GalleryItem { Id = id, Domain = "anime" }.ToByteArray(), [1, 2, 3]);

    [RedisFact]
    public async Task Upsert_WritesHashAndStreamEntryTogether()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());
        var prefix = $"t{Guid.NewGuid():N}:";
        var store = new RedisGalleryStore(redis, prefix);
        var outcomes = await store.UpsertAsync([Write("a"), Write("b")], default);
        var again = await store.UpsertAsync([Write("a")], default);
        Assert.True(outcomes[0].Created && outcomes[1].Created && !again[0].Created);
        var db = redis.GetDatabase();
        Assert.Equal(again[0].Offset.ToString(), (string?)await db.HashGetAsync(prefix + "gallery:item:a", "offset"));
        Assert.Equal(3, await db.StreamLengthAsync(prefix + "gallery:changes"));
        var changes = (await store.ReadChangesAsync(outcomes[0].Offset, 10, default)).Changes;
        Assert.Equal(["b", "a"], changes.Select(c => c.Id));
        Assert.Equal(again[0].Offset.ToString(), changes[1].Item!.ChangeOffset);
        Assert.Equal(changes[1].Item!.CreateTime, (await store.ReadChangesAsync(ChangeOffset.Zero, 1, default)).Changes[0].Item!.CreateTime);
    }

    [RedisFact]
    public async Task Delete_MissingIds_ReportedAndNothingAppended()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());
        var prefix = $"t{Guid.NewGuid():N}:";
        var store = new RedisGalleryStore(redis, prefix);
        await store.UpsertAsync([Write("a")], default);
        var outcome = await store.DeleteAsync(["a", "missing"], default);
        Assert.Equal(["a"], outcome.Deleted);
        Assert.Equal(["missing"], outcome.NotFound);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(prefix + "gallery:item:a"));
        Assert.Equal(2, await redis.GetDatabase().StreamLengthAsync(prefix + "gallery:changes"));
    }
}
