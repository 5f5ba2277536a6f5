namespace TwinGan.Hnsw;

/// <summary>Result of <see cref="HnswIndex{TKey}.CheckIntegrity"/>: counts and every violation found.</summary>
public sealed class IntegrityReport
{
    internal IntegrityReport(int slots, int live, int deleted, int maxLevel, IReadOnlyList<string> errors)
    {
        Slots = slots;
        Live = live;
        Deleted = deleted;
        MaxLevel = maxLevel;
        Errors = errors;
    }

    /// <summary>Slots in use, including tombstones.</summary>
    public int Slots { get; }

    /// <summary>Live (searchable) nodes.</summary>
    public int Live { get; }

    /// <summary>Tombstoned nodes still routing searches.</summary>
    public int Deleted { get; }

    /// <summary>Top layer of the graph.</summary>
    public int MaxLevel { get; }

    /// <summary>Human-readable violations, at most a few hundred; empty when the graph is sound.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>True when no violation was found.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <inheritdoc />
    public override string ToString() =>
        IsValid
            ? $"OK: {Live} live, {Deleted} deleted, {Slots} slots, max level {MaxLevel}"
            : $"{Errors.Count} problem(s): {string.Join("; ", Errors.Take(10))}";
}
