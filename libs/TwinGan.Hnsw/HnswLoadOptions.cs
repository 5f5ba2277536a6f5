namespace TwinGan.Hnsw;

/// <summary>What the caller expects of an index file; any difference fails the load with <see cref="IndexFileError.Mismatch"/>.</summary>
public sealed record HnswLoadOptions
{
    /// <summary>Required vector dimension, or null for any.</summary>
    public int? Dimension { get; init; }

    /// <summary>Required metric, or null for any.</summary>
    public DistanceMetric? Metric { get; init; }

    /// <summary>Required embedding model version, or null for any.</summary>
    public string? ModelVersion { get; init; }
}
