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

    /// <summary>Timed rounds over all sizes; each size's cost is its median round.</summary>
    public const int Rounds = 5;

    /// <summary>After this many rounds, calibration stops once it has spent <see cref="TimeBudget"/> (large models on CPU).</summary>
    public const int MinimumRounds = 3;

    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Times <paramref name="forward"/> at 1, 2, 4… up to <paramref name="maxBatchSize"/> images: each size once untimed
    /// (LibTorch prepares kernels per shape), then <see cref="Rounds"/> rounds that time every size in turn, so a burst of
    /// other work on the machine lands in one round of every size instead of all rounds of one; the median round counts.
    /// One timed pass per size could not separate sizes within ~15 % on the 2-core machine (benchmarks/RESULTS.md).
    /// </summary>
    public static IReadOnlyList<BatchCost> Measure(int maxBatchSize, Action<int> forward, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(forward);
        var sizes = new List<int>();
        for (var size = 1; size < maxBatchSize; size *= 2) sizes.Add(size);
        sizes.Add(maxBatchSize);
        foreach (var size in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            forward(size);
        }
        var timings = sizes.ToDictionary(s => s, _ => new List<double>());
        var spent = Stopwatch.StartNew();
        for (var round = 0; round < Rounds && (round < MinimumRounds || spent.Elapsed < TimeBudget); round++)
        {
            foreach (var size in sizes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                forward(size);
                timings[size].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds / size);
            }
        }
        return [.. sizes.Select(s => new BatchCost(s, Median(timings[s])))];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
