using TwinGan.Data.Augmentation;

namespace TwinGan.Data.Loading;

/// <summary>
/// Streaming loader settings. At most <see cref="Workers"/> batches are being decoded and at most
/// <see cref="PrefetchBatches"/> finished batches wait for the consumer, which bounds memory.
/// </summary>
public sealed record LoaderOptions(int BatchSize, long Seed)
{
    public bool Shuffle { get; init; } = true;

    public bool DropLast { get; init; }

    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public int PrefetchBatches { get; init; } = 4;

    /// <summary>Applied to every image (crop, flip, resize); null keeps the source image.</summary>
    public IImageTransform? Transform { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Workers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PrefetchBatches);
    }
}
