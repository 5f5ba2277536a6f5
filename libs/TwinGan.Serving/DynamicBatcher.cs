using System.Diagnostics;
using System.Threading.Channels;

namespace TwinGan.Serving;

/// <summary>
/// Groups concurrent requests into batches: a batch runs when it reaches <see cref="BatchingOptions.MaxBatchSize"/>
/// or when its first request has waited <see cref="BatchingOptions.MaxQueueDelayMilliseconds"/>. Requests that
/// cannot share a forward pass (another model version, domain pair, output size) carry different keys and run as
/// separate sub-batches. The queue is bounded and refuses at once when full; a request cancelled (or past its
/// deadline) while waiting is dropped before compute. The model runs synchronously on one thread of the batcher's own
/// (TorchSharp's dispose scopes are thread-static; LibTorch's OpenMP team belongs to the calling thread:
/// <see cref="ModelThread"/>). A key may set a smaller batch limit of its own (a model whose
/// per-image time grows beyond some batch size): a batch then fills only to that limit, and a group of that key
/// larger than it runs in several forward passes.
/// </summary>
public sealed class DynamicBatcher<TKey, TRequest, TResult> : IAsyncDisposable
    where TKey : notnull
{
    private readonly Channel<Pending> _queue;
    private readonly BatchingOptions _options;
    private readonly string _name;
    private readonly Func<TRequest, TKey> _keyOf;
    private readonly Func<TKey, IReadOnlyList<TRequest>, IReadOnlyList<TResult>> _compute;
    private readonly Func<TKey, int> _batchLimitOf;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly ModelThread _thread;
    private readonly Task _worker;

    public DynamicBatcher(
        string name,
        BatchingOptions options,
        Func<TRequest, TKey> keyOf,
        Func<TKey, IReadOnlyList<TRequest>, IReadOnlyList<TResult>> compute,
        Func<TKey, int>? batchLimitOf = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _options = options;
        _keyOf = keyOf;
        _compute = compute;
        _batchLimitOf = batchLimitOf ?? (_ => 0);
        _tag = new KeyValuePair<string, object?>("queue", name);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.MaxQueueLength)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _thread = new ModelThread($"twingan-model-{name}");
        _worker = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _thread).Unwrap();
    }

    /// <summary>Queues <paramref name="request"/> and completes with its result. Throws <see cref="QueueFullException"/> when full.</summary>
    public Task<Batched<TResult>> EnqueueAsync(TRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(request, _keyOf(request), Stopwatch.GetTimestamp(), cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            ServingMetrics.Rejected.Add(1, _tag);
            throw new QueueFullException(_name, _options.MaxQueueLength);
        }
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            if (!reader.TryRead(out var first)) continue;
            batch.Add(first);
            await FillAsync(reader, batch);
            Run(batch);
        }
    }

    /// <summary>Takes more requests until the batch is full or the first request's delay budget is spent.</summary>
    private async Task FillAsync(ChannelReader<Pending> reader, List<Pending> batch)
    {
        var deadline = batch[0].EnqueuedAt + (long)(_options.MaxQueueDelayMilliseconds * Stopwatch.Frequency / 1000);
        var limit = LimitOf(batch[0].Key);
        while (batch.Count < limit)
        {
            if (reader.TryRead(out var next))
            {
                batch.Add(next);
                continue;
            }
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero) return;
            using var timeout = new CancellationTokenSource(remaining);
            try
            {
                if (!await reader.WaitToReadAsync(timeout.Token)) return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Run(List<Pending> batch)
    {
        var now = Stopwatch.GetTimestamp();
        var live = new List<Pending>(batch.Count);
        foreach (var p in batch)
        {
            if (p.CancellationToken.IsCancellationRequested)
            {
                ServingMetrics.Dropped.Add(1, _tag);
                p.Completion.TrySetCanceled(p.CancellationToken);
                continue;
            }
            p.QueueTime = Stopwatch.GetElapsedTime(p.EnqueuedAt, now);
            ServingMetrics.QueueTime.Record(p.QueueTime.TotalMilliseconds, _tag);
            live.Add(p);
        }
        foreach (var group in live.GroupBy(p => p.Key))
        {
            foreach (var pass in group.Chunk(LimitOf(group.Key)))
                RunGroup(group.Key, [.. pass]);
        }
    }

    private int LimitOf(TKey key)
    {
        var own = _batchLimitOf(key);
        return own > 0 ? Math.Min(own, _options.MaxBatchSize) : _options.MaxBatchSize;
    }

    private void RunGroup(TKey key, List<Pending> group)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = _compute(key, group.Select(p => p.Request).ToList());
            if (results.Count != group.Count)
                throw new InvalidOperationException($"batch of {group.Count} returned {results.Count} results");
            var compute = Stopwatch.GetElapsedTime(started);
            for (var i = 0; i < group.Count; i++)
                group[i].Completion.TrySetResult(new Batched<TResult>(results[i], group[i].QueueTime, compute, group.Count));
        }
        catch (Exception e)
        {
            foreach (var p in group) p.Completion.TrySetException(e);
        }
        ServingMetrics.ComputeTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, _tag);
        ServingMetrics.BatchSize.Record(group.Count, _tag);
    }

    /// <summary>Stops taking requests, finishes those queued, and waits for the worker.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _worker;
        }
        finally
        {
            _thread.Dispose();
        }
    }

    private sealed class Pending(TRequest request, TKey key, long enqueuedAt, CancellationToken cancellationToken)
    {
        public TRequest Request { get; } = request;
        public TKey Key { get; } = key;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public long EnqueuedAt { get; } = enqueuedAt;
        public TimeSpan QueueTime { get; set; }
        public TaskCompletionSource<Batched<TResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A result with how it was served: time waiting for its batch, the batch's model time, and its size.</summary>
public readonly record struct Batched<TResult>(TResult Value, TimeSpan QueueTime, TimeSpan ComputeTime, int BatchSize);
