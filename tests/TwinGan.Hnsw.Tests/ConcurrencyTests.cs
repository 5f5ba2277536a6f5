using System.Collections.Concurrent;
using System.Diagnostics;
using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

public class ConcurrencyTests
{
    private const int Dim = 32;

    [Fact]
    public async Task Mixed_ConcurrentInsertSearchDelete_NoErrorsIntegrityHoldsAndEveryIdFindable()
    {
        var data = TestData.Clustered(12_000, Dim, seed: 51);
        using var index = new HnswIndex<long>(Dim, DistanceMetric.L2, new HnswOptions { InitialCapacity = 64 });
        for (var i = 0; i < 1000; i++)
            index.Add(i, TestData.Row(data, Dim, i));
        var next = 999L;
        var removed = new ConcurrentDictionary<long, bool>();
        var errors = new ConcurrentQueue<Exception>();
        var stopwatch = Stopwatch.StartNew();
        var budget = TimeSpan.FromSeconds(2.5);

        void Guard(Action body)
        {
            try
            {
                body();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                errors.Enqueue(ex);
            }
        }

        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() => Guard(() =>
        {
            var random = new Random(w);
            while (stopwatch.Elapsed < budget)
            {
                var key = Interlocked.Increment(ref next);
                if (key >= 12_000)
                    break;
                index.Add(key, TestData.Row(data, Dim, (int)key));
                if (random.Next(4) == 0)
                {
                    var victim = random.NextInt64(key);
                    if (index.Remove(victim))
                        removed[victim] = true;
                }
                if (random.Next(10) == 0)
                {
                    var moved = random.NextInt64(key);
                    if (!removed.ContainsKey(moved))
                    {
                        try
                        {
                            index.Update(moved, TestData.Row(data, Dim, (int)moved));
                        }
                        catch (KeyNotFoundException)
                        {
                        }
                    }
                }
            }
        }))).ToArray();
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() => Guard(() =>
        {
            var random = new Random(100 + r);
            var results = new Neighbor<long>[10];
            while (stopwatch.Elapsed < budget && writers.Any(t => !t.IsCompleted))
            {
                var n = index.Search(TestData.Row(data, Dim, random.Next(12_000)), results, ef: 32,
                    filter: r == 0 ? null : k => k % 3 != 0);
                for (var i = 0; i < n; i++)
                    Assert.True(results[i].Key <= Volatile.Read(ref next));
            }
        }))).ToArray();
        await Task.WhenAll(writers.Concat(readers));

        Assert.Empty(errors);
        var report = index.CheckIntegrity();
        Assert.True(report.IsValid, report.ToString());
        var inserted = Math.Min(Volatile.Read(ref next), 11_999);
        var missing = new List<long>();
        for (var key = 0L; key <= inserted; key++)
        {
            if (removed.ContainsKey(key))
            {
                Assert.False(index.Contains(key));
                continue;
            }
            Assert.True(index.Contains(key), $"key {key} lost");
            // Findable = its own vector finds it. Under concurrent churn about 1 key in a few thousand is reachable
            // (integrity holds) but outside the top 10 at ef 64 — a recall miss, not a lost node — so a miss gets one
            // wider search; a node cut off from the graph fails both.
            var query = TestData.Row(data, Dim, (int)key);
            if (!index.Search(query, 10, ef: 64).Any(n => n.Key == key) && !index.Search(query, 10, ef: 512).Any(n => n.Key == key))
                missing.Add(key);
        }
        Assert.True(missing.Count == 0, $"{missing.Count} of {inserted + 1} keys not findable even at ef 512: {string.Join(',', missing.Take(20))}");
        Assert.Equal((int)(inserted + 1 - removed.Count), index.Count);
    }

    [Fact]
    public async Task SearchBatch_WhileInserting_ReturnsOnlyValidKeys()
    {
        var data = TestData.Clustered(4000, Dim, seed: 52);
        using var index = TestData.BuildHnsw(data[..(2000 * Dim)], Dim, DistanceMetric.Cosine);
        var writer = Task.Run(() =>
        {
            for (var i = 2000; i < 4000; i++)
                index.Add(i, TestData.Row(data, Dim, i));
        });
        while (!writer.IsCompleted)
        {
            var batch = index.SearchBatch(data.AsMemory(0, 64 * Dim), 5);
            Assert.All(batch, hits => Assert.All(hits, n => Assert.InRange(n.Key, 0, 3999)));
        }
        await writer;
        Assert.Equal(4000, index.Count);
        Assert.True(index.CheckIntegrity().IsValid);
    }
}
