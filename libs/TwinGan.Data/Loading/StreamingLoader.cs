using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TwinGan.Data.Imaging;

namespace TwinGan.Data.Loading;

/// <summary>
/// Streams batches of one domain. Each epoch's order is a permutation seeded by (seed, epoch); batches are decoded
/// and transformed on background workers and handed over in order through a bounded channel, so the CPU keeps
/// preparing the next batches while the model trains on this one, and only a few batches are ever in memory.
/// The same (seed, epoch, skipped batches) always yields the same bytes, which is what exact resume needs.
/// </summary>
public sealed class StreamingLoader
{
    private readonly IImageSource _source;
    private readonly LoaderOptions _options;

    public StreamingLoader(IImageSource source, LoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _source = source;
        _options = options;
    }

    public int BatchesPerEpoch => _options.DropLast
        ? _source.Count / _options.BatchSize
        : (_source.Count + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>The batches of <paramref name="epoch"/>, starting after <paramref name="skipBatches"/> (resume).</summary>
    public async IAsyncEnumerable<ImageBatch> ReadEpochAsync(int epoch, int skipBatches = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skipBatches);
        int[] order = _options.Shuffle ? Rng.For(_options.Seed, "epoch", epoch).Permutation(_source.Count) : Enumerable.Range(0, _source.Count).ToArray();
        var ready = Channel.CreateBounded<Task<ImageBatch>>(new BoundedChannelOptions(_options.PrefetchBatches) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var workers = new SemaphoreSlim(_options.Workers);
        var producer = Task.Run(() => ProduceAsync(order, epoch, skipBatches, ready.Writer, workers, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var pending in ready.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var batch = await pending.ConfigureAwait(false);
                // Prefetched batches must not outlive a cancellation: the caller asked to stop now.
                cancellationToken.ThrowIfCancellationRequested();
                yield return batch;
            }
            await producer.ConfigureAwait(false);
        }
        finally
        {
            // Leave nothing running behind the consumer: stop the producer and wait for in-flight batches.
            await stop.CancelAsync().ConfigureAwait(false);
            await Drain(producer, ready.Reader).ConfigureAwait(false);
        }
    }

    private async Task ProduceAsync(int[] order, int epoch, int skip, ChannelWriter<Task<ImageBatch>> writer, SemaphoreSlim workers, CancellationToken token)
    {
        try
        {
            for (int b = skip; b < BatchesPerEpoch; b++)
            {
                await workers.WaitAsync(token).ConfigureAwait(false);
                int index = b;
                var batch = Task.Run(() =>
                {
                    try
                    {
                        return LoadBatch(order, epoch, index, token);
                    }
                    finally
                    {
                        workers.Release();
                    }
                }, CancellationToken.None);
                try
                {
                    await writer.WriteAsync(batch, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await Quietly(batch).ConfigureAwait(false);
                    throw;
                }
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    private ImageBatch LoadBatch(int[] order, int epoch, int index, CancellationToken token)
    {
        int start = index * _options.BatchSize, end = Math.Min(order.Length, start + _options.BatchSize);
        var images = new List<RgbImage>(end - start);
        var labels = new List<IReadOnlyList<int>>(end - start);
        var keys = new List<string>(end - start);
        for (int position = start; position < end; position++)
        {
            token.ThrowIfCancellationRequested();
            var item = _source.TryLoad(order[position]);
            if (item is null)
                continue;
            // One generator per position: augmentation does not depend on worker scheduling.
            var rng = Rng.For(_options.Seed, $"augment/{_source.Domain}/{epoch}", position);
            images.Add(_options.Transform?.Apply(item.Image, rng) ?? item.Image);
            labels.Add(item.Labels);
            keys.Add(item.Key);
        }
        return new ImageBatch(_source.Domain, epoch, index, images, labels, keys, (end - start) - images.Count);
    }

    private static async Task Drain(Task producer, ChannelReader<Task<ImageBatch>> reader)
    {
        await Quietly(producer).ConfigureAwait(false);
        while (reader.TryRead(out var pending))
            await Quietly(pending).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for a task the consumer no longer wants. Its outcome is dropped on purpose: the consumer has stopped
    /// (cancelled or broke out), and a failure in a batch it will never read must not replace that outcome.
    /// </summary>
    private static Task Quietly(Task task) =>
        task.ContinueWith(static t => { _ = t.Exception; }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
