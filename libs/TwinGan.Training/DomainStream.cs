using TwinGan.Data.Augmentation;
using TwinGan.Data.Loading;

namespace TwinGan.Training;

/// <summary>
/// One domain's endless stream of batches over <see cref="StreamingLoader"/> epochs. <see cref="Committed"/> is the
/// position after the last batch a finished step used: that, not the read-ahead, goes into checkpoints, so a
/// resumed run reads exactly the batches the uninterrupted run would have. A new batch size (a new resolution's)
/// starts a new epoch, so positions are always whole batches of one size.
/// </summary>
internal sealed class DomainStream(IImageSource source, IImageTransform? transform, long seed, int workers, DataPosition start) : IAsyncDisposable
{
    private StreamingLoader? loader;
    private IAsyncEnumerator<ImageBatch>? reader;
    private int readerEpoch;
    private int imagesThisEpoch;

    public IImageSource Source => source;

    public DataPosition Committed { get; private set; } = start;

    /// <summary>The next batch of <paramref name="batchSize"/> and the position after it (to <see cref="Commit"/>).</summary>
    public async Task<(ImageBatch Batch, DataPosition After)> NextAsync(int batchSize, CancellationToken ct)
    {
        if (reader is null || CurrentBatchSize != batchSize)
        {
            var from = Committed.BatchSize == batchSize ? Committed : new DataPosition(Committed.Epoch + 1, 0, batchSize);
            await OpenAsync(from, ct).ConfigureAwait(false);
        }
        while (true)
        {
            if (await reader!.MoveNextAsync().ConfigureAwait(false))
            {
                var batch = reader.Current;
                imagesThisEpoch += batch.Images.Count;
                return (batch, new DataPosition(batch.Epoch, batch.Index + 1, batchSize));
            }
            if (imagesThisEpoch == 0)
                throw new InvalidDataException($"Domain '{source.Domain}': no image of epoch {readerEpoch} could be decoded (all {source.Count} skipped).");
            await OpenAsync(new DataPosition(readerEpoch + 1, 0, batchSize), ct).ConfigureAwait(false);
        }
    }

    public void Commit(DataPosition after) => Committed = after;

    private int CurrentBatchSize { get; set; }

    private async Task OpenAsync(DataPosition from, CancellationToken ct)
    {
        await CloseAsync().ConfigureAwait(false);
        if (loader is null || CurrentBatchSize != from.BatchSize)
        {
            // DropLast: every training batch is full unless images were skipped.
            loader = new StreamingLoader(source, new LoaderOptions(from.BatchSize, seed) { DropLast = true, Transform = transform, Workers = workers, PrefetchBatches = 2 });
            CurrentBatchSize = from.BatchSize;
            if (loader.BatchesPerEpoch == 0)
                throw new InvalidDataException($"Domain '{source.Domain}' has {source.Count} images, fewer than the batch size {from.BatchSize}.");
        }
        readerEpoch = from.Epoch;
        // A resumed epoch counts as having images: its skipped batches were decoded by the run before.
        imagesThisEpoch = from.Batch > 0 ? 1 : 0;
        reader = loader.ReadEpochAsync(from.Epoch, Math.Min(from.Batch, loader.BatchesPerEpoch), ct).GetAsyncEnumerator(ct);
    }

    private async Task CloseAsync()
    {
        if (reader is not null)
            await reader.DisposeAsync().ConfigureAwait(false);
        reader = null;
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);
}
