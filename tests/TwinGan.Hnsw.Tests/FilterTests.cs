using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

public class FilterTests
{
    private const int Dim = 32;
    private static readonly float[] Data = TestData.Clustered(10_000, Dim, seed: 41);
    private static readonly float[] Queries = TestData.Clustered(100, Dim, seed: 42);
    private static readonly Lazy<BruteForceIndex<long>> Exact = new(() => TestData.BuildExact(Data, Dim, DistanceMetric.Cosine));
    private static readonly Lazy<HnswIndex<long>> WithFallback = new(() => TestData.BuildHnsw(Data, Dim, DistanceMetric.Cosine));
    private static readonly Lazy<HnswIndex<long>> GraphOnly =
        new(() => TestData.BuildHnsw(Data, Dim, DistanceMetric.Cosine, new HnswOptions { BruteForceSelectivity = 0 }));

    [Theory]
    [InlineData(100, true)]
    [InlineData(100, false)]
    [InlineData(10, true)]
    [InlineData(10, false)]
    [InlineData(2, true)]
    public void Search_KeyFilter_OnlyAllowedKeysAndRecallAtLeast90Percent(int modulus, bool exactFallback)
    {
        var index = exactFallback ? WithFallback.Value : GraphOnly.Value;
        var exact = Exact.Value;
        bool Allowed(long key) => key % modulus == 3;

        for (var q = 0; q < 100; q++)
            Assert.All(index.Search(TestData.Row(Queries, Dim, q), 10, filter: Allowed), n => Assert.True(Allowed(n.Key)));
        var recall = TestData.Recall(index, exact, Queries, 10, filter: Allowed);
        Assert.True(recall >= 0.9, $"filtered recall@10 {recall:F3} at 1/{modulus}");
    }

    [Fact]
    public void SearchWithInternalFilter_DomainBitmap_OnlyAllowedInternalIds()
    {
        using var index = TestData.BuildHnsw(Data[..(2000 * Dim)], Dim, DistanceMetric.L2);
        var allowed = new bool[index.SlotCount];
        for (var key = 0L; key < 2000; key += 50)
        {
            Assert.True(index.TryGetInternalId(key, out var id));
            allowed[id] = true;
        }
        var results = new Neighbor<long>[10];
        var n = index.SearchWithInternalFilter(TestData.Row(Queries, Dim, 0), results, id => allowed[id]);
        Assert.Equal(10, n);
        Assert.All(results, r => Assert.Equal(0, r.Key % 50));
    }

    [Fact]
    public void Search_FilterRejectingEverything_ReturnsNothing()
    {
        using var index = TestData.BuildHnsw(Data[..(500 * Dim)], Dim, DistanceMetric.L2);
        Assert.Empty(index.Search(TestData.Row(Queries, Dim, 0), 10, filter: _ => false));
    }

    [Fact]
    public void Search_FilterWithDeletedKeys_NeverReturnsDeleted()
    {
        using var index = TestData.BuildHnsw(Data[..(3000 * Dim)], Dim, DistanceMetric.L2);
        for (var key = 0L; key < 3000; key += 4)
            index.Remove(key);
        for (var q = 0; q < 50; q++)
        {
            var hits = index.Search(TestData.Row(Queries, Dim, q), 10, filter: k => k % 2 == 0);
            Assert.All(hits, n => Assert.Equal(2, n.Key % 4));
        }
    }
}
