using TwinGan.Hnsw;
using TwinGan.Search.Indexing;
using TwinGan.Search.Storage;
using TwinGan.Search.Tests.Infrastructure;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Search.Tests;

public sealed class IndexSnapshotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twingan-snap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static GalleryIndex Build(int n)
    {
        var index = new GalleryIndex(new HnswOptions(), null);
        for (var i = 0; i < n; i++)
        {
            var item = new GalleryItem { Id = $"i{i}", Domain = i % 2 == 0 ? "anime" : "photo", ModelVersion = TestData.Version,
                Embedding = TestData.Embedding(TestData.Vector(i)) };
            index.Upsert(item);
            index.AdvanceTo(new ChangeOffset((ulong)i + 1, 0));
        }
        return index;
    }

    [Fact]
    public void WriteThenRead_SameItemsOffsetAndResults()
    {
        var path = Path.Combine(_dir, "index.snapshot");
        var index = Build(300);
        index.Remove("i5");
        index.AdvanceTo(new ChangeOffset(301, 0));
        IndexSnapshot.Write(path, index);
        var (loaded, info) = IndexSnapshot.Read(path, new HnswOptions());
        Assert.Equal(new ChangeOffset(301, 0), info.Offset);
        Assert.Equal(299, loaded.Count);
        Assert.Equal(index.PerDomain, loaded.PerDomain);
        var query = TestData.Vector(7);
        var a = new Neighbor<string>[10];
        var b = new Neighbor<string>[10];
        index.Search(query, a, 100, _ => true);
        loaded.Search(query, b, 100, _ => true);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Read_FlippedByte_Rejected()
    {
        var path = Path.Combine(_dir, "index.snapshot");
        IndexSnapshot.Write(path, Build(20));
        var bytes = File.ReadAllBytes(path);
        bytes[40] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.ThrowsAny<Exception>(() => IndexSnapshot.Read(path, new HnswOptions()));
    }

    [Fact]
    public void Upsert_OtherDimension_KeptButNotIndexed()
    {
        var index = Build(3);
        var odd = new GalleryItem { Id = "odd", Domain = "anime", ModelVersion = TestData.Version, Embedding = TestData.Embedding(TestData.Vector(1, 8)) };
        Assert.False(index.Upsert(odd));
        Assert.True(index.TryGet("odd", out _));
        Assert.False(index.IsIndexed("odd"));
        Assert.True(index.IsIndexed("i1"));
        Assert.Equal(1, index.UnindexedCount);
        Assert.Equal(3, index.Hnsw!.Count);
    }
}
