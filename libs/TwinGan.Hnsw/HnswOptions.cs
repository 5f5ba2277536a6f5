namespace TwinGan.Hnsw;

/// <summary>
/// Construction and search parameters of an <see cref="HnswIndex{TKey}"/>. See docs/hnsw.md for the trade-offs.
/// </summary>
public sealed record HnswOptions
{
    /// <summary>Links per node on the upper layers (layer 0 keeps 2M). hnswlib default 16; 12-48 is the useful range.</summary>
    public int M { get; init; } = 16;

    /// <summary>Candidate list size while inserting. Higher builds slower and gives better recall.</summary>
    public int EfConstruction { get; init; } = 200;

    /// <summary>Candidate list size for searches that pass ef &lt;= 0. Raised to k when smaller.</summary>
    public int DefaultEf { get; init; } = 64;

    /// <summary>Seed of the level generator: the same seed and insertion order give the same graph.</summary>
    public ulong Seed { get; init; } = 100;

    /// <summary>Slots reserved up front; the store grows by half when full.</summary>
    public int InitialCapacity { get; init; } = 1024;

    /// <summary>Reuse slots of deleted vectors for new ones (hnswlib's replace_deleted), relinking their neighbours.</summary>
    public bool ReuseDeletedSlots { get; init; } = true;

    /// <summary>
    /// Filtered searches whose estimated share of allowed vectors is below this fraction scan the allowed vectors exactly
    /// instead of walking the graph. Null (default) picks sqrt(4 * ef / count): the exact scan costs ~share * count
    /// distances and the graph walk ~ef / share, and the constant 4 is the crossover measured at 5 % on the 100k x 256
    /// benchmark with ef 64 (docs/hnsw.md). 0 always walks the graph; 1 always scans.
    /// </summary>
    public double? BruteForceSelectivity { get; init; }

    /// <summary>Version of the embedding model that produced the vectors; stored in the index file and checked on load.</summary>
    public string ModelVersion { get; init; } = "";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(M, 2, nameof(M));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(M, 2048, nameof(M));
        ArgumentOutOfRangeException.ThrowIfLessThan(EfConstruction, 1, nameof(EfConstruction));
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultEf, 1, nameof(DefaultEf));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialCapacity, 1, nameof(InitialCapacity));
        if (BruteForceSelectivity is { } threshold)
            ArgumentOutOfRangeException.ThrowIfNegative(threshold, nameof(BruteForceSelectivity));
        ArgumentNullException.ThrowIfNull(ModelVersion, nameof(ModelVersion));
    }
}
