using Google.Protobuf;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Storage;

namespace TwinGan.Search.Tests;

public sealed class FileGalleryStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twingan-filestore-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ItemWrite Write(string id, string domain = "anime") =>
        new(id, new GalleryItem { Id = id, Domain = domain }.ToByteArray(), null);

    [Fact]
    public async Task Upsert_NewAndExisting_ReportsCreatedAndMonotonicOffsets()
    {
        using var store = new FileGalleryStore(_dir);
        var first = await store.UpsertAsync([Write("a"), Write("b")], default);
        var second = await store.UpsertAsync([Write("a")], default);
        Assert.True(first[0].Created && first[1].Created);
        Assert.False(second[0].Created);
        Assert.True(first[0].Offset < first[1].Offset && first[1].Offset < second[0].Offset);
    }

    [Fact]
    public async Task Delete_MissingIds_ReportedNotFound()
    {
        using var store = new FileGalleryStore(_dir);
        await store.UpsertAsync([Write("a")], default);
        var outcome = await store.DeleteAsync(["a", "zz"], default);
        Assert.Equal(["a"], outcome.Deleted);
        Assert.Equal(["zz"], outcome.NotFound);
        var changes = (await store.ReadChangesAsync(new ChangeOffset(1, 0), 10, default)).Changes;
        Assert.True(Assert.Single(changes).IsDelete);
    }

    [Fact]
    public async Task Open_TornTail_TruncatesAndKeepsEarlierRecords()
    {
        using (var store = new FileGalleryStore(_dir))
            await store.UpsertAsync([Write("a"), Write("b")], default);
        var log = Path.Combine(_dir, "changes.log");
        var intact = new FileInfo(log).Length;
        await using (var f = new FileStream(log, FileMode.Append))
            f.Write([40, 0, 0, 0, 1, 2, 3, 4, 5, 6]);
        using var reopened = new FileGalleryStore(_dir);
        Assert.Equal(10, reopened.TruncatedTailBytes);
        Assert.Equal(intact, new FileInfo(log).Length);
        var all = await reopened.ReadChangesAsync(ChangeOffset.Zero, 100, default);
        Assert.Equal(["a", "b"], all.Changes.Select(c => c.Id));
        var next = await reopened.UpsertAsync([Write("c")], default);
        Assert.Equal(new ChangeOffset(3, 0), next[0].Offset);
    }

    [Fact]
    public async Task Compact_ThenReopen_KeepsLiveItemsAndOffsets()
    {
        using (var store = new FileGalleryStore(_dir))
        {
            for (var i = 0; i < 1100; i++) await store.UpsertAsync([Write($"i{i % 700}")], default);
            await store.DeleteAsync(["i1"], default);
            await store.CompactAsync("r1", new ChangeOffset(1090, 0), default);
            Assert.True((await store.ReadChangesAsync(new ChangeOffset(5, 0), 10, default)).Truncated);
            Assert.Equal(11, (await store.ReadChangesAsync(new ChangeOffset(1090, 0), 100, default)).Changes.Count);
        }
        using var reopened = new FileGalleryStore(_dir);
        var live = await reopened.ReadChangesAsync(ChangeOffset.Zero, 10, default);
        Assert.Equal(699, live.Changes.Count);
        Assert.Equal(new ChangeOffset(1101, 0), live.Through);
        Assert.Equal(new ChangeOffset(1102, 0), (await reopened.UpsertAsync([Write("x")], default))[0].Offset);
    }

    private static byte[] Versioned(string id, string version) => new GalleryItem { Id = id, Domain = "anime", ModelVersion = version }.ToByteArray();

    [Fact]
    public async Task Stage_OnlyIfItemUnchangedSinceRead_AndReindexStateSurvivesCompactionAndReopen()
    {
        var begin = new ReindexMark(MarkEvent.Begin, "ri1", "v2", 16, 200, 64);
        using (var store = new FileGalleryStore(_dir))
        {
            var written = await store.UpsertAsync([new ItemWrite("a", Versioned("a", "v1"), [9]), new ItemWrite("b", Versioned("b", "v1"), null)], default);
            await store.AppendMarkAsync(begin, default);
            var source = await store.ReadSourceAsync("a", default);
            Assert.Equal((written[0].Offset, (byte)9), (source!.Offset, source.Source![0]));
            Assert.Null((await store.ReadSourceAsync("b", default))!.Source);
            var staleBase = await store.StageAsync([new StagedWrite("a", Versioned("a", "v2"), written[1].Offset)], default);
            var staged = await store.StageAsync([new StagedWrite("a", Versioned("a", "v2"), written[0].Offset)], default);
            Assert.Null(staleBase[0]);
            Assert.NotNull(staged[0]);
            var log = await store.ReadChangesAsync(written[1].Offset, 10, default);
            Assert.Equal([ChangeKind.Mark, ChangeKind.Stage], log.Changes.Select(c => c.Kind));
            Assert.Equal("v2", log.Changes[1].Next!.ModelVersion);
            for (var i = 0; i < 1100; i++) await store.UpsertAsync([Write($"x{i}")], default);
            await store.CompactAsync("r1", (await store.ReadChangesAsync(ChangeOffset.Zero, 1, default)).Through, default);
        }
        using var reopened = new FileGalleryStore(_dir);
        var live = await reopened.ReadChangesAsync(ChangeOffset.Zero, 10, default);
        Assert.Equal(begin, live.Changes[0].Mark);
        var a = live.Changes.Single(c => c.Id == "a");
        Assert.Equal(("v1", "v2"), (a.Item!.ModelVersion, a.Next!.ModelVersion));
        await reopened.AppendMarkAsync(begin with { Event = MarkEvent.Switch }, default);
        var switched = await reopened.ReadChangesAsync(ChangeOffset.Zero, 10, default);
        Assert.Equal((MarkEvent.Switch, "v2"), (switched.Changes[0].Mark!.Event, switched.Changes[0].Mark!.Version));
        Assert.DoesNotContain(switched.Changes, c => c.Mark?.Event == MarkEvent.Begin);
        Assert.Equal("v2", switched.Changes.Single(c => c.Id == "a").Item!.ModelVersion);
        Assert.Equal("v1", switched.Changes.Single(c => c.Id == "b").Item!.ModelVersion);
    }

    [Fact]
    public void Open_FolderInUse_Refused()
    {
        using var store = new FileGalleryStore(_dir);
        var e = Assert.Throws<IOException>(() => new FileGalleryStore(_dir));
        Assert.Contains("in use", e.Message, StringComparison.Ordinal);
    }
}
