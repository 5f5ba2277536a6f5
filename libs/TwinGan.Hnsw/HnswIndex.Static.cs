namespace TwinGan.Hnsw;

/// <summary>Loading of <see cref="HnswIndex{TKey}"/> files.</summary>
public static class HnswIndex
{
    /// <summary>
    /// Reads an index written by <see cref="HnswIndex{TKey}.Save(Stream)"/>. Every checksum and link is verified before
    /// the index is returned; any problem throws <see cref="IndexFileException"/> with the reason.
    /// </summary>
    public static HnswIndex<TKey> Load<TKey>(
        Stream stream, HnswLoadOptions? expected = null, IKeyCodec<TKey>? codec = null, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull =>
        HnswIndex<TKey>.Load(stream, expected, codec ?? KeyCodecs.For<TKey>(), comparer);

    /// <summary>Reads an index file; see <see cref="Load{TKey}(Stream, HnswLoadOptions?, IKeyCodec{TKey}?, IEqualityComparer{TKey}?)"/>.</summary>
    public static HnswIndex<TKey> Load<TKey>(
        string path, HnswLoadOptions? expected = null, IKeyCodec<TKey>? codec = null, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Load(file, expected, codec, comparer);
    }
}
