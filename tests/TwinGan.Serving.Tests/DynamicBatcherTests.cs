using System.Collections.Concurrent;

namespace TwinGan.Serving.Tests;

public sealed class DynamicBatcherTests
{
    private static readonly BatchingOptions Batching = new() { MaxBatchSize = 8, MaxQueueDelayMilliseconds = 200, MaxQueueLength = 64 };

    [Fact]
    public async Task Enqueue_SixteenConcurrent_RunsInBatchesOfAtMostEight()
    {
        var sizes = new ConcurrentBag<int>();
        await using var batcher = new DynamicBatcher<string, int, int>("t", Batching, _ => "k", (_, xs) =>
        {
            sizes.Add(xs.Count);
            return xs.Select(x => x * 10).ToList();
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => batcher.EnqueueAsync(i, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 16).Select(i => i * 10), results.Select(r => r.Value));
        Assert.All(results, r => Assert.InRange(r.BatchSize, 1, 8));
        Assert.Equal(16, sizes.Sum());
        Assert.All(sizes, s => Assert.InRange(s, 1, 8));
        Assert.Contains(sizes, s => s > 1);
    }

    [Fact]
    public async Task Enqueue_KeyWithItsOwnLimit_BatchesOfThatKeyNeverExceedIt()
    {
        var sizes = new ConcurrentBag<(string Key, int Size)>();
        await using var batcher = new DynamicBatcher<string, int, int>("t", Batching, x => x % 2 == 0 ? "capped" : "free", (k, xs) =>
        {
            sizes.Add((k, xs.Count));
            return xs;
        }, k => k == "capped" ? 3 : 0);

        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => batcher.EnqueueAsync(i, CancellationToken.None)));

        Assert.Equal(32, sizes.Sum(s => s.Size));
        Assert.All(sizes.Where(s => s.Key == "capped"), s => Assert.InRange(s.Size, 1, 3));
        Assert.All(sizes.Where(s => s.Key == "free"), s => Assert.InRange(s.Size, 1, 8));
        Assert.Contains(sizes, s => s.Key == "capped" && s.Size == 3);
    }

    [Fact]
    public async Task Enqueue_MaxBatchOne_NeverBatches()
    {
        var sizes = new ConcurrentBag<int>();
        var options = new BatchingOptions { MaxBatchSize = 1, MaxQueueDelayMilliseconds = 50 };
        await using var batcher = new DynamicBatcher<string, int, int>("t", options, _ => "k", (_, xs) =>
        {
            sizes.Add(xs.Count);
            return xs;
        });

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => batcher.EnqueueAsync(i, CancellationToken.None)));

        Assert.Equal(10, sizes.Count);
        Assert.All(sizes, s => Assert.Equal(1, s));
    }

    [Fact]
    public async Task Enqueue_DifferentKeys_ComputesSeparateGroups()
    {
        var groups = new ConcurrentBag<(string Key, int[] Items)>();
        await using var batcher = new DynamicBatcher<string, int, int>("t", Batching, x => x % 2 == 0 ? "even" : "odd", (k, xs) =>
        {
            groups.Add((k, xs.ToArray()));
            return xs;
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => batcher.EnqueueAsync(i, CancellationToken.None)));

        Assert.All(groups, g => Assert.All(g.Items, x => Assert.Equal(g.Key == "even", x % 2 == 0)));
    }

    [Fact]
    public async Task Enqueue_QueueFull_ThrowsQueueFullAtOnce()
    {
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var options = new BatchingOptions { MaxBatchSize = 1, MaxQueueDelayMilliseconds = 0, MaxQueueLength = 2 };
        await using var batcher = new DynamicBatcher<string, int, int>("t", options, _ => "k", (_, xs) =>
        {
            started.Set();
            gate.Wait(TimeSpan.FromSeconds(10));
            return xs;
        });
        var running = batcher.EnqueueAsync(0, CancellationToken.None);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "the worker never started the first batch");
        var queued = new[] { batcher.EnqueueAsync(1, CancellationToken.None), batcher.EnqueueAsync(2, CancellationToken.None) };

        var error = Assert.Throws<QueueFullException>(() => { _ = batcher.EnqueueAsync(3, CancellationToken.None); });

        Assert.Equal(2, error.Capacity);
        gate.Set();
        Assert.Equal(0, (await running).Value);
        var rest = await Task.WhenAll(queued);
        Assert.Equal(1, rest[0].Value);
        Assert.Equal(2, rest[1].Value);
    }

    [Fact]
    public async Task Enqueue_CancelledWhileQueued_IsDroppedBeforeCompute()
    {
        using var gate = new ManualResetEventSlim();
        var seen = new ConcurrentBag<int>();
        var options = new BatchingOptions { MaxBatchSize = 1, MaxQueueDelayMilliseconds = 0, MaxQueueLength = 8 };
        await using var batcher = new DynamicBatcher<string, int, int>("t", options, _ => "k", (_, xs) =>
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            foreach (var x in xs) seen.Add(x);
            return xs;
        });
        var blocker = batcher.EnqueueAsync(1, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = batcher.EnqueueAsync(2, cts.Token);

        await cts.CancelAsync();
        gate.Set();

        await blocker;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.DoesNotContain(2, seen);
    }

    [Fact]
    public async Task Enqueue_BatchesAfterIdleWaits_ComputeAlwaysOnOneThreadOutsideThePool()
    {
        var threads = new ConcurrentBag<(int Id, bool Pooled)>();
        var options = new BatchingOptions { MaxBatchSize = 4, MaxQueueDelayMilliseconds = 1 };
        await using var batcher = new DynamicBatcher<string, int, int>("t", options, _ => "k", (_, xs) =>
        {
            threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
            return xs;
        });

        for (var i = 0; i < 6; i++)
        {
            await batcher.EnqueueAsync(i, CancellationToken.None);
            await Task.Delay(20);
        }

        Assert.Equal(6, threads.Count);
        Assert.Single(threads.Select(t => t.Id).Distinct());
        Assert.All(threads, t => Assert.False(t.Pooled));
    }

    [Fact]
    public async Task Enqueue_ComputeThrows_FailsEveryRequestOfThatBatch()
    {
        await using var batcher = new DynamicBatcher<string, int, int>("t", Batching, _ => "k", (_, _) => throw new InvalidDataException("bad weights"));

        var tasks = Enumerable.Range(0, 3).Select(i => batcher.EnqueueAsync(i, CancellationToken.None)).ToList();

        foreach (var t in tasks) await Assert.ThrowsAsync<InvalidDataException>(() => t);
    }
}
