using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

public class RecallTests
{
    public static TheoryData<int, DistanceMetric> Cases => new()
    {
        { 16, DistanceMetric.Cosine }, { 16, DistanceMetric.InnerProduct }, { 16, DistanceMetric.L2 },
        { 100, DistanceMetric.Cosine }, { 100, DistanceMetric.InnerProduct }, { 100, DistanceMetric.L2 },
        { 256, DistanceMetric.Cosine }, { 256, DistanceMetric.L2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Search_DefaultParameters_RecallAtLeast95Percent(int dimension, DistanceMetric metric)
    {
        var data = TestData.Clustered(3000, dimension, seed: dimension + (int)metric);
        var queries = TestData.Clustered(100, dimension, seed: 1000 + dimension);
        if (metric == DistanceMetric.InnerProduct)
        {
            data = TestData.VaryNorms(data, dimension, seed: 1);
            queries = TestData.VaryNorms(queries, dimension, seed: 2);
        }
        using var index = TestData.BuildHnsw(data, dimension, metric);
        using var exact = TestData.BuildExact(data, dimension, metric);

        var recall = TestData.Recall(index, exact, queries, k: 10);

        Assert.True(recall >= 0.95, $"recall@10 {recall:F3} for d={dimension} {metric}");
        Assert.True(index.CheckIntegrity().IsValid, index.CheckIntegrity().ToString());
    }

    [Fact]
    public void Search_SameSeedSameOrder_BuildsIdenticalGraph()
    {
        var data = TestData.Clustered(1000, 32, seed: 3);
        var queries = TestData.Clustered(20, 32, seed: 4);
        using var a = TestData.BuildHnsw(data, 32, DistanceMetric.L2);
        using var b = TestData.BuildHnsw(data, 32, DistanceMetric.L2);
        for (var q = 0; q < 20; q++)
            Assert.Equal(a.Search(TestData.Row(queries, 32, q), 10), b.Search(TestData.Row(queries, 32, q), 10));
    }

    [Fact]
    public void Search_ResultsAreSortedByDistanceAndMatchExactDistances()
    {
        var data = TestData.Clustered(500, 24, seed: 5);
        using var index = TestData.BuildHnsw(data, 24, DistanceMetric.L2);
        var query = TestData.Row(data, 24, 17);
        var results = index.Search(query, 10);
        Assert.Equal(17, results[0].Key);
        Assert.Equal(0f, results[0].Distance, 4);
        for (var i = 1; i < results.Length; i++)
        {
            Assert.True(results[i - 1].Distance <= results[i].Distance);
            var expected = VectorMath.L2Squared(query, TestData.Row(data, 24, (int)results[i].Key));
            Assert.Equal(expected, results[i].Distance, 3);
        }
    }

    [Fact]
    public void SearchBatch_ManyQueries_EqualsSingleSearches()
    {
        var data = TestData.Clustered(2000, 48, seed: 8);
        var queries = TestData.Clustered(64, 48, seed: 9);
        using var index = TestData.BuildHnsw(data, 48, DistanceMetric.Cosine);
        var batch = index.SearchBatch(queries, 10, ef: 40);
        for (var q = 0; q < 64; q++)
            Assert.Equal(index.Search(TestData.Row(queries, 48, q), 10, ef: 40), batch[q]);
    }

    [Fact]
    public void Search_KLargerThanCount_ReturnsEveryLiveVector()
    {
        var data = TestData.Clustered(30, 8, seed: 2);
        using var index = TestData.BuildHnsw(data, 8, DistanceMetric.L2);
        Assert.Equal(30, index.Search(TestData.Row(data, 8, 0), 200).Select(n => n.Key).Distinct().Count());
    }
}
