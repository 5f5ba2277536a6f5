using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

public class ChurnTests
{
    private const int Dim = 48;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Remove_ThirtyPercentChurn_DeletedNeverReturnedAndRecallHolds(bool reuseSlots)
    {
        var data = TestData.Clustered(4000, Dim, seed: 11);
        var fresh = TestData.Clustered(1200, Dim, seed: 12);
        var queries = TestData.Clustered(100, Dim, seed: 13);
        using var index = TestData.BuildHnsw(data, Dim, DistanceMetric.Cosine, new HnswOptions { ReuseDeletedSlots = reuseSlots });
        using var exact = TestData.BuildExact(data, Dim, DistanceMetric.Cosine);
        var deleted = new HashSet<long>(Enumerable.Range(0, 4000).OrderBy(i => (i * 7919) % 4001).Take(1200).Select(i => (long)i));
        foreach (var key in deleted)
        {
            Assert.True(index.Remove(key));
            exact.Remove(key);
        }

        for (var q = 0; q < 100; q++)
            Assert.DoesNotContain(index.Search(TestData.Row(queries, Dim, q), 50), n => deleted.Contains(n.Key));
        Assert.True(TestData.Recall(index, exact, queries, 10) >= 0.95);

        for (var i = 0; i < 1200; i++)
        {
            index.Add(10_000 + i, TestData.Row(fresh, Dim, i));
            exact.Add(10_000 + i, TestData.Row(fresh, Dim, i));
        }

        Assert.Equal(4000, index.Count);
        Assert.Equal(reuseSlots ? 4000 : 5200, index.SlotCount);
        var recall = TestData.Recall(index, exact, queries, 10);
        Assert.True(recall >= 0.95, $"recall@10 after churn {recall:F3}");
        for (var q = 0; q < 100; q++)
            Assert.DoesNotContain(index.Search(TestData.Row(queries, Dim, q), 50), n => deleted.Contains(n.Key));
        var report = index.CheckIntegrity();
        Assert.True(report.IsValid, report.ToString());
    }

    [Fact]
    public void Update_TwentyPercentMoved_FoundAtNewPositionAndRecallHolds()
    {
        var data = TestData.Clustered(3000, Dim, seed: 21);
        var moved = TestData.Clustered(600, Dim, seed: 22);
        var queries = TestData.Clustered(100, Dim, seed: 23);
        using var index = TestData.BuildHnsw(data, Dim, DistanceMetric.L2);
        using var exact = TestData.BuildExact(data, Dim, DistanceMetric.L2);
        for (var i = 0; i < 600; i++)
        {
            index.Update(i * 5, TestData.Row(moved, Dim, i));
            exact.Update(i * 5, TestData.Row(moved, Dim, i));
        }

        for (var i = 0; i < 600; i++)
            Assert.Contains(index.Search(TestData.Row(moved, Dim, i), 10), n => n.Key == i * 5);
        var recall = TestData.Recall(index, exact, queries, 10);
        Assert.True(recall >= 0.95, $"recall@10 after updates {recall:F3}");
        var report = index.CheckIntegrity();
        Assert.True(report.IsValid, report.ToString());
    }

    [Fact]
    public void Remove_EveryKeyThenAddAgain_IndexWorks()
    {
        var data = TestData.Clustered(300, 16, seed: 31);
        using var index = TestData.BuildHnsw(data, 16, DistanceMetric.L2);
        for (var i = 0; i < 300; i++)
            index.Remove(i);
        Assert.Equal(0, index.Count);
        Assert.Empty(index.Search(TestData.Row(data, 16, 0), 10));

        for (var i = 0; i < 300; i++)
            index.Add(1000 + i, TestData.Row(data, 16, i));
        Assert.Equal(300, index.Count);
        Assert.Equal(1000 + 42, index.Search(TestData.Row(data, 16, 42), 1, ef: 100)[0].Key);
        Assert.True(index.CheckIntegrity().IsValid, index.CheckIntegrity().ToString());
    }
}
