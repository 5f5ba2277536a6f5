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
        var store = new RedisGalleryStore(redis, prefix, new StreamTrimming(true, TimeSpan.Zero, TimeSpan.FromHours(1)));
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
        var store = new RedisGalleryStore(redis, prefix, new StreamTrimming(true, TimeSpan.Zero, TimeSpan.FromHours(1)));
        await store.UpsertAsync([Write("a")], default);
        var outcome = await store.DeleteAsync(["a", "missing"], default);
        Assert.Equal(["a"], outcome.Deleted);
        Assert.Equal(["missing"], outcome.NotFound);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(prefix + "gallery:item:a"));
        Assert.Equal(2, await redis.GetDatabase().StreamLengthAsync(prefix + "gallery:changes"));
    }

    private static ItemWrite Versioned(string id, string version, byte[]? source = null) =>
        new(id, new GalleryItem { Id = id, Domain = "anime", ModelVersion = version }.ToByteArray(), source);

    [RedisFact]
    public async Task Compact_TrimsStreamBehindSnapshots_TrimmedReaderRestartsAndRebuildsFromHashes()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());
        var prefix = $"t{Guid.NewGuid():N}:";
        var store = new RedisGalleryStore(redis, prefix, new StreamTrimming(true, TimeSpan.Zero, TimeSpan.FromHours(1)));
        var first = await store.UpsertAsync([Versioned("a", "v1", [1]), Versioned("b", "v1")], default);
        var begin = new ReindexMark(MarkEvent.Begin, "ri1", "v2", 16, 200, 64);
        await store.AppendMarkAsync(begin, default);
        Assert.Null((await store.StageAsync([new StagedWrite("a", Versioned("a", "v2").Item, first[1].Offset)], default))[0]);
        Assert.NotNull((await store.StageAsync([new StagedWrite("a", Versioned("a", "v2").Item, first[0].Offset)], default))[0]);
        await store.AppendMarkAsync(begin with { Event = MarkEvent.Switch }, default);
        await Task.Delay(5);
        var last = await store.UpsertAsync([Versioned("c", "v2")], default);
        await store.DeleteAsync(["b"], default);

        await store.CompactAsync("slow", first[1].Offset, default);
        Assert.Equal(7, await redis.GetDatabase().StreamLengthAsync(prefix + "gallery:changes"));
        await store.CompactAsync("fast", last[0].Offset, default);
        Assert.Equal(7, await redis.GetDatabase().StreamLengthAsync(prefix + "gallery:changes"));
        await store.CompactAsync("slow", last[0].Offset, default);

        Assert.Equal(2, await redis.GetDatabase().StreamLengthAsync(prefix + "gallery:changes"));
        Assert.True((await store.ReadChangesAsync(first[0].Offset, 10, default)).Truncated);
        Assert.Single((await store.ReadChangesAsync(last[0].Offset, 10, default)).Changes);
        var rebuilt = await store.ReadChangesAsync(ChangeOffset.Zero, 10, default);
        Assert.False(rebuilt.Truncated);
        Assert.Equal((MarkEvent.Switch, "v2"), (rebuilt.Changes[0].Mark!.Event, rebuilt.Changes[0].Mark!.Version));
        Assert.Equal(["a:v2", "c:v2"], rebuilt.Changes.Where(c => c.Kind == ChangeKind.Upsert).Select(c => $"{c.Id}:{c.Item!.ModelVersion}").Order());
        Assert.All(rebuilt.Changes, c => Assert.Equal(rebuilt.Through, c.Offset));
        Assert.Equal([1], (await store.ReadSourceAsync("a", default))!.Source);
    }
}
