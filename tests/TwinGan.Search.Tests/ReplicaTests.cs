using TwinGan.Contracts.Search.V1;
using TwinGan.Hnsw;
using TwinGan.Search.Indexing;
using TwinGan.Search.Storage;
using TwinGan.Search.Tests.Infrastructure;

namespace TwinGan.Search.Tests;

/// <summary>How a replica applies a reindex from the change log: staging beside the active index, dual writes, switch, abort.</summary>
public sealed class ReplicaTests
{
    private static readonly ReindexMark Begin = new(MarkEvent.Begin, "ri1", "v2", 8, 40, 32);
    private ulong _offset;

    private static GalleryItem Item(string id, int seed, string version, int dimension = TestData.Dimension)
    {
        var embedding = TestData.Embedding(TestData.Vector(seed, dimension));
        embedding.ModelVersion = version;
        return new GalleryItem { Id = id, Domain = "anime", ModelVersion = version, Embedding = embedding };
    }

    private ChangeOffset Next() => new(++_offset, 0);

    private bool Apply(Replica replica, ChangeKind kind, string id = "", GalleryItem? item = null, GalleryItem? next = null, ReindexMark? mark = null) =>
        replica.Apply(new GalleryChange(Next(), kind, id, item, next, mark), ReplicaFollower.HnswOptionsOf);

    private Replica WithItems(int n)
    {
        var replica = new Replica(new GalleryIndex(new HnswOptions(), "v1"));
        for (var i = 0; i < n; i++) Apply(replica, ChangeKind.Upsert, $"i{i}", Item($"i{i}", i, "v1"));
        return replica;
    }

    [Fact]
    public void Reindex_StagedAndDualWritten_SwitchMakesThemActiveAndLeavesUnstagedKeptButUnindexed()
    {
        var replica = WithItems(4);
        Apply(replica, ChangeKind.Mark, mark: Begin);
        Apply(replica, ChangeKind.Stage, "i0", next: Item("i0", 100, "v2", 16));
        Apply(replica, ChangeKind.Upsert, "i1", Item("i1", 1, "v1"), Item("i1", 101, "v2", 16));
        Apply(replica, ChangeKind.Upsert, "new", Item("new", 5, "v1"), Item("new", 105, "v2", 16));
        Apply(replica, ChangeKind.Delete, "i3");

        Assert.Equal("v1", replica.ModelVersion);
        Assert.Equal(4, replica.Index.Count);
        Assert.Equal(3, replica.Next!.Index.Count);
        var switchOffset = new ChangeOffset(_offset + 1, 0);
        Apply(replica, ChangeKind.Mark, mark: Begin with { Event = MarkEvent.Switch });

        Assert.Null(replica.Next);
        Assert.Equal(("v2", 16, 8), (replica.ModelVersion, replica.Index.Dimension, replica.Index.Options.M));
        Assert.Equal(switchOffset, replica.Applied);
        Assert.True(replica.Index.IsIndexed("i0") && replica.Index.IsIndexed("i1") && replica.Index.IsIndexed("new"));
        Assert.True(replica.Index.TryGet("i2", out var stale) && stale.ModelVersion == "v1");
        Assert.False(replica.Index.IsIndexed("i2"));
        Assert.False(replica.Index.TryGet("i3", out _));
    }

    [Fact]
    public void Reindex_WriteWithoutStagedForm_DropsItFromStagingUntilStagedAgain()
    {
        var replica = WithItems(2);
        Apply(replica, ChangeKind.Mark, mark: Begin);
        Apply(replica, ChangeKind.Stage, "i0", next: Item("i0", 100, "v2", 16));
        Apply(replica, ChangeKind.Upsert, "i0", Item("i0", 7, "v1"));

        Assert.False(replica.Next!.Index.TryGet("i0", out _));
        Assert.True(replica.Index.TryGet("i0", out var active) && replica.Index.IsIndexed("i0"));
        Assert.Equal(TestData.Vector(7), active.Embedding.Values);
    }

    [Fact]
    public void Reindex_AbortOrRepeatedBegin_ActiveUntouchedStagingDroppedOrKept()
    {
        var replica = WithItems(3);
        Apply(replica, ChangeKind.Mark, mark: Begin);
        Apply(replica, ChangeKind.Stage, "i0", next: Item("i0", 100, "v2", 16));
        Apply(replica, ChangeKind.Mark, mark: Begin);
        Assert.Equal(1, replica.Next!.Index.Count);

        Apply(replica, ChangeKind.Mark, mark: Begin with { Event = MarkEvent.Abort });

        Assert.Null(replica.Next);
        Assert.Equal(("v1", 3), (replica.ModelVersion, replica.Index.Count));
    }

    [Fact]
    public void Upsert_DualWrittenAfterSwitch_ActiveTakesTheNewVersionForm()
    {
        var replica = WithItems(1);
        Apply(replica, ChangeKind.Mark, mark: Begin);
        Apply(replica, ChangeKind.Stage, "i0", next: Item("i0", 100, "v2", 16));
        Apply(replica, ChangeKind.Mark, mark: Begin with { Event = MarkEvent.Switch });

        Assert.True(Apply(replica, ChangeKind.Upsert, "late", Item("late", 3, "v1"), Item("late", 103, "v2", 16)));
        Apply(replica, ChangeKind.Upsert, "old-only", Item("old-only", 4, "v1"));
        Apply(replica, ChangeKind.Stage, "old-only", next: Item("old-only", 104, "v2", 16));

        Assert.True(replica.Index.IsIndexed("late"));
        Assert.True(replica.Index.IsIndexed("old-only"));
    }
}
