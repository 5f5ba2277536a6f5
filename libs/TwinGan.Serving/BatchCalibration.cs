using System.Diagnostics;

namespace TwinGan.Serving;

/// <summary>Time per image of one forward pass at a batch size.</summary>
public readonly record struct BatchCost(int BatchSize, double MillisecondsPerImage)
{
    public override string ToString() => FormattableString.Invariant($"batch {BatchSize} {MillisecondsPerImage:F1} ms/img");
}

/// <summary>
/// Chooses how large a model's batches should be on this device from measured forward passes. A GPU (and a small
/// network on a CPU) gets cheaper per image as the batch grows; a large network on a CPU may get dearer beyond a
/// few images (its activations leave the caches: the 256-channel 64 px plan ran 116 ms/img at batch 4 but
/// 476 ms/img at batch 8 on the 2-core development machine, benchmarks/RESULTS.md), and then batching only adds
/// waiting.
/// </summary>
public static class BatchCalibration
{
    /// <summary>A batch within this factor of the cheapest per image is as good, and the smaller one is preferred.</summary>
    public const double Tolerance = 1.05;

    /// <summary>Times <paramref name="forward"/> at 1, 2, 4… up to <paramref name="maxBatchSize"/> images; each size runs once untimed first (LibTorch prepares kernels per shape).</summary>
    public static IReadOnlyList<BatchCost> Measure(int maxBatchSize, Action<int> forward, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(forward);
        var sizes = new List<int>();
        for (var size = 1; size < maxBatchSize; size *= 2) sizes.Add(size);
        sizes.Add(maxBatchSize);
        var costs = new List<BatchCost>();
        foreach (var size in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            forward(size);
            var started = Stopwatch.GetTimestamp();
            forward(size);
            costs.Add(new BatchCost(size, Stopwatch.GetElapsedTime(started).TotalMilliseconds / size));
        }
        return costs;
    }

    /// <summary>The smallest batch size whose time per image is within <see cref="Tolerance"/> of the cheapest.</summary>
    public static int Choose(IReadOnlyList<BatchCost> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        if (costs.Count == 0) throw new ArgumentException("no batch size was measured", nameof(costs));
        var cheapest = costs.Min(c => c.MillisecondsPerImage);
        return costs.Where(c => c.MillisecondsPerImage <= cheapest * Tolerance).Min(c => c.BatchSize);
    }
}
