namespace TwinGan.Hnsw;

/// <summary>
/// A k-nearest-neighbour index over fixed-dimension float vectors keyed by the caller's ids.
/// <see cref="HnswIndex{TKey}"/> is the approximate implementation; <see cref="BruteForceIndex{TKey}"/> is the exact
/// one (test oracle and small-collection fallback).
/// </summary>
public interface IVectorIndex<TKey>
    where TKey : notnull
{
    /// <summary>Vector length accepted by every operation.</summary>
    int Dimension { get; }

    /// <summary>The distance used for search results.</summary>
    DistanceMetric Metric { get; }

    /// <summary>Number of live (not deleted) vectors.</summary>
    int Count { get; }

    /// <summary>Whether <paramref name="key"/> is live in the index.</summary>
    bool Contains(TKey key);

    /// <summary>Adds a new vector. Throws <see cref="ArgumentException"/> when the key is already present.</summary>
    void Add(TKey key, ReadOnlySpan<float> vector);

    /// <summary>Replaces the vector of an existing key. Throws <see cref="KeyNotFoundException"/> when it is absent.</summary>
    void Update(TKey key, ReadOnlySpan<float> vector);

    /// <summary>Deletes a key; returns false when it was not present. Deleted keys are never returned by searches.</summary>
    bool Remove(TKey key);

    /// <summary>Snapshot of the live keys.</summary>
    IReadOnlyCollection<TKey> GetKeys();

    /// <summary>
    /// Writes up to <c>results.Length</c> nearest neighbours of <paramref name="query"/>, nearest first, and returns how many
    /// were written. <paramref name="ef"/> &lt;= 0 uses the index default. <paramref name="filter"/> restricts results to
    /// keys it accepts.
    /// </summary>
    int Search(ReadOnlySpan<float> query, Span<Neighbor<TKey>> results, int ef = 0, Func<TKey, bool>? filter = null);

    /// <summary>The <paramref name="k"/> nearest neighbours of <paramref name="query"/>, nearest first.</summary>
    Neighbor<TKey>[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<TKey, bool>? filter = null);

    /// <summary>
    /// Searches every row of <paramref name="queries"/> (row-major, <see cref="Dimension"/> floats per row) on all cores.
    /// </summary>
    Neighbor<TKey>[][] SearchBatch(ReadOnlyMemory<float> queries, int k, int ef = 0, Func<TKey, bool>? filter = null);
}
