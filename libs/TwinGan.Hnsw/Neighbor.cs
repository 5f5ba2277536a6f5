namespace TwinGan.Hnsw;

/// <summary>One search hit: the caller's key and its distance to the query (smaller is closer).</summary>
public readonly record struct Neighbor<TKey>(TKey Key, float Distance);
