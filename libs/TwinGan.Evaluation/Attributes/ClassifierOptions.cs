namespace TwinGan.Evaluation.Attributes;

/// <summary>
/// How the target-domain attribute classifiers are trained (Adam, masked cross-entropy per head) and where they
/// are cached. With a cache directory, a classifier is trained once per (dataset, domain, resolution, seed, options).
/// </summary>
public sealed record ClassifierOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Directory of cached classifiers; null trains in memory every time.</summary>
    public string? CacheDirectory { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        if (!(LearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Learning rate must be positive.");
    }

    /// <summary>The part of the cache key that changes the trained weights.</summary>
    internal string Fingerprint => FormattableString.Invariant($"e{Epochs}-b{BatchSize}-lr{LearningRate:G}");
}
