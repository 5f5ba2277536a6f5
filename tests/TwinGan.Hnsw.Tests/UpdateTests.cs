using System.Collections.Concurrent;
using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

/// <summary>
/// Updates of the entry point and of upper-layer nodes (regression: relinking the entry point started from a neighbour
/// that does not exist on the entry point's level and threw NullReferenceException / IndexOutOfRangeException in
/// SearchLayer).
/// </summary>
public class UpdateTests
{
    public static TheoryData<int, DistanceMetric, int> Configs => new()
    {
        { 16, DistanceMetric.Cosine, 16 },
        { 32, DistanceMetric.L2, 12 },
        { 40, DistanceMetric.InnerProduct, 6 },
        { 7, DistanceMetric.L2, 4 },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Update_EntryPointHighLevelAndRandomNodes_IntegrityRecallAndEveryKeyFindable(int dim, DistanceMetric metric, int m)
    {
        const int Count = 800;
        const int Rounds = 3;
        var data = Data(Count, dim, metric, seed: 100 + dim);
        var pool = Data(Count * Rounds, dim, metric, seed: 200 + dim);
        var queries = Data(60, dim, metric, seed: 300 + dim);
        var options = new HnswOptions { M = m, EfConstruction = 100 };
        using var index = TestData.BuildHnsw(data, dim, metric, options);
        using var exact = TestData.BuildExact(data, dim, metric);
        var current = new float[Count][];
        for (var i = 0; i < Count; i++)
            current[i] = TestData.Row(data, dim, i).ToArray();
        var random = new Random(dim * 31 + m);
        var next = 0;
        AssertHealthy(index, exact, queries, current, "after build");

        void Move(long key)
        {
            var vector = TestData.Row(pool, dim, next++ % (Count * Rounds)).ToArray();
            index.Update(key, vector);
            exact.Update(key, vector);
            current[key] = vector;
        }

        for (var round = 0; round < Rounds; round++)
        {
            // The entry point, repeatedly: its level is the top level and it is often alone there.
            for (var i = 0; i < 5; i++)
                Move(EntryKey(index));
            AssertHealthy(index, exact, queries, current, $"round {round}, after entry-point updates");

            // Every node above layer 0, highest first, then the entry point once more.
            foreach (var key in UpperLayerKeys(index))
                Move(key);
            Move(EntryKey(index));
            AssertHealthy(index, exact, queries, current, $"round {round}, after upper-layer updates");

            // A quarter of the keys at random.
            for (var i = 0; i < Count / 4; i++)
                Move(random.Next(Count));
            AssertHealthy(index, exact, queries, current, $"round {round}, after random updates");
        }
    }

    [Theory]
    [InlineData(DistanceMetric.L2, 16)]
    [InlineData(DistanceMetric.Cosine, 4)]
    public void Update_EntryPointOfSmallIndexes_NeverThrowsAndStaysFindable(DistanceMetric metric, int m)
    {
        // Small indexes are where the entry point is most often alone on its level (and on every level above 0).
        const int Dim = 12;
        var pool = TestData.Clustered(250, Dim, seed: 41);
        var data = TestData.Clustered(60, Dim, seed: 42);
        for (var size = 2; size <= 60; size++)
        {
            using var index = TestData.BuildHnsw(data[..(size * Dim)], Dim, metric, new HnswOptions { M = m, Seed = (ulong)size });
            var entryKey = EntryKey(index);
            for (var i = 0; i < 4; i++)
            {
                var vector = TestData.Row(pool, Dim, (size * 4) + i - 8);
                index.Update(entryKey, vector);
                Assert.Equal(entryKey, index.Search(vector, 1, ef: 200)[0].Key);
            }
            var report = index.CheckIntegrity();
            Assert.True(report.IsValid, $"size {size}: {report}");
            for (var key = 0L; key < size; key++)
            {
                if (key != entryKey)
                    Assert.Contains(index.Search(TestData.Row(data, Dim, (int)key), 5, ef: 200), n => n.Key == key);
            }
        }
    }

    [Fact]
    public void RemoveThenAdd_ReusesEntryPointSlot_RelinksIt()
    {
        // The Search service's workaround (remove + add) takes the freed slot straight back, which relinks the
        // entry point too.
        const int Dim = 20;
        var data = TestData.Clustered(500, Dim, seed: 43);
        var fresh = TestData.Clustered(50, Dim, seed: 44);
        var queries = TestData.Clustered(50, Dim, seed: 45);
        // Seed 102 puts the entry point alone on level 3 above eight level-2 nodes.
        using var index = TestData.BuildHnsw(data, Dim, DistanceMetric.L2, new HnswOptions { M = 8, Seed = 102 });
        Assert.Equal(1, Enumerable.Range(0, 500).Count(id => index.Graph.Store.Levels[id] == index.MaxLevel));
        using var exact = TestData.BuildExact(data, Dim, DistanceMetric.L2);
        var current = new float[500][];
        for (var i = 0; i < 500; i++)
            current[i] = TestData.Row(data, Dim, i).ToArray();
        AssertHealthy(index, exact, queries, current, "after build");
        var entryId = index.Graph.EntryPoint;
        for (var i = 0; i < 20; i++)
        {
            var key = index.GetKey(index.Graph.EntryPoint);
            Assert.True(index.Remove(key));
            exact.Remove(key);
            index.Add(1000 + i, TestData.Row(fresh, Dim, i));
            exact.Add(1000 + i, TestData.Row(fresh, Dim, i));
            Assert.Equal(entryId, index.Graph.EntryPoint);
            Assert.True(index.TryGetInternalId(1000 + i, out var reused) && reused == entryId, "the entry point's slot was reused");
        }
        Assert.Equal(500, index.SlotCount);
        var report = index.CheckIntegrity();
        Assert.True(report.IsValid, report.ToString());
        var recall = TestData.Recall(index, exact, queries, 10);
        Assert.True(recall >= 0.95, $"recall@10 {recall:F3}");
        foreach (var key in index.GetKeys())
        {
            var vector = new float[Dim];
            Assert.True(index.TryGetVector(key, vector));
            Assert.Contains(index.Search(vector, 10), n => n.Key == key);
        }
    }

    [Fact]
    public async Task Update_EntryPointAndUpperLayersConcurrentlyWithSearchesAndOtherUpdates_NoErrorsAndIntegrityHolds()
    {
        const int Dim = 24;
        const int Count = 1500;
        var data = TestData.Clustered(Count, Dim, seed: 61);
        var pool = TestData.Clustered(4000, Dim, seed: 62);
        var queries = TestData.Clustered(60, Dim, seed: 63);
        using var index = TestData.BuildHnsw(data, Dim, DistanceMetric.L2, new HnswOptions { M = 10, EfConstruction = 100 });
        var current = new float[Count][];
        for (var i = 0; i < Count; i++)
            current[i] = TestData.Row(data, Dim, i).ToArray();
        using (var built = TestData.BuildExact(data, Dim, DistanceMetric.L2))
            AssertHealthy(index, built, queries, current, "after build");
        var upper = UpperLayerKeys(index);
        var upperSet = upper.ToHashSet();
        var entryKey = EntryKey(index);
        var lower = Enumerable.Range(0, Count).Select(i => (long)i).Where(k => !upperSet.Contains(k)).ToArray();
        var errors = new ConcurrentQueue<Exception>();
        var writersLeft = 2;

        void Writer(int seed, Func<Random, int, long> pickKey, int updates, int poolOffset)
        {
            try
            {
                var random = new Random(seed);
                for (var i = 0; i < updates; i++)
                {
                    var key = pickKey(random, i);
                    var vector = TestData.Row(pool, Dim, poolOffset + i).ToArray();
                    index.Update(key, vector);
                    current[key] = vector;
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
            finally
            {
                Interlocked.Decrement(ref writersLeft);
            }
        }

        void Reader(int seed)
        {
            try
            {
                var random = new Random(seed);
                var results = new Neighbor<long>[10];
                while (Volatile.Read(ref writersLeft) > 0)
                {
                    var n = index.Search(TestData.Row(pool, Dim, random.Next(4000)), results, ef: 32);
                    for (var i = 0; i < n; i++)
                        Assert.InRange(results[i].Key, 0, Count - 1);
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        }

        // Writer 1 alternates the entry point with the other upper-layer nodes; writer 2 moves layer-0 nodes (their
        // neighbours), so repairs of the same lists overlap. Key sets are disjoint, so the final vectors are known.
        var tasks = new[]
        {
            Task.Run(() => Writer(1, (_, i) => i % 2 == 0 ? entryKey : upper[i / 2 % upper.Length], 400, 0)),
            Task.Run(() => Writer(2, (r, _) => lower[r.Next(lower.Length)], 400, 2000)),
            Task.Run(() => Reader(3)),
        };
        await Task.WhenAll(tasks);

        Assert.Empty(errors);
        using var exact = new BruteForceIndex<long>(Dim, DistanceMetric.L2);
        for (var key = 0; key < Count; key++)
            exact.Add(key, current[key]);
        AssertHealthy(index, exact, queries, current, "after concurrent updates");
    }

    private static float[] Data(int count, int dim, DistanceMetric metric, int seed)
    {
        var data = TestData.Clustered(count, dim, seed);
        return metric == DistanceMetric.InnerProduct ? TestData.VaryNorms(data, dim, seed) : data;
    }

    private static long EntryKey(HnswIndex<long> index) => index.GetKey(index.Graph.EntryPoint);

    /// <summary>Keys of every node above layer 0, highest level first.</summary>
    private static long[] UpperLayerKeys(HnswIndex<long> index)
    {
        var store = index.Graph.Store;
        return Enumerable.Range(0, index.SlotCount)
            .Where(id => store.Levels[id] > 0 && index.Graph.IsLive(id))
            .OrderByDescending(id => store.Levels[id])
            .Select(index.GetKey)
            .ToArray();
    }

    private static void AssertHealthy(HnswIndex<long> index, BruteForceIndex<long> exact, float[] queries, float[][] current, string when)
    {
        var report = index.CheckIntegrity();
        Assert.True(report.IsValid, $"{when}: {report}");
        var recall = TestData.Recall(index, exact, queries, 10);
        Assert.True(recall >= 0.95, $"{when}: recall@10 {recall:F3}");
        var missing = new List<int>();
        for (var key = 0; key < current.Length; key++)
        {
            if (!index.Search(current[key], 10).Any(n => n.Key == key))
                missing.Add(key);
        }
        Assert.True(missing.Count == 0, $"{when}: {missing.Count} keys not findable: {string.Join(',', missing.Take(20))}");
    }
}
