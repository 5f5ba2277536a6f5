using System.IO.Hashing;
using System.Buffers.Binary;
using System.Text;
using TwinGan.Hnsw.Internal;

namespace TwinGan.Hnsw;

public sealed partial class HnswIndex<TKey>
{
    private const int StreamBufferBytes = 1 << 20;

    /// <summary>Saves the index with the built-in codec for <typeparamref name="TKey"/> (long, int, string, Guid).</summary>
    public void Save(Stream stream) => Save(stream, KeyCodecs.For<TKey>());

    /// <summary>
    /// Streams the index to <paramref name="stream"/> (format in docs/hnsw.md). Writers wait while it runs; searches
    /// do not. The stream is flushed, not closed.
    /// </summary>
    public void Save(Stream stream, IKeyCodec<TKey> codec)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(codec);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The index file format is little-endian.");
        _snapshotLock.EnterWriteLock();
        try
        {
            var graph = _graph.Header;
            var header = new IndexFileHeader(Dimension, Metric, Options, graph.Slots, _count, graph.EntryPoint, graph.MaxLevel,
                graph.LevelCounter, codec.Name);
            // Not disposed: disposing a BufferedStream closes the caller's stream, and this method only flushes it.
            var buffered = new BufferedStream(stream, StreamBufferBytes);
            var checksum = new XxHash64();
            using var hashing = new HashingStream(buffered, checksum);
            header.Write(hashing);
            _graph.WriteBody(hashing);
            using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                for (var id = 0; id < graph.Slots; id++)
                {
                    if (_graph.IsLive(id))
                        codec.Write(writer, _keys[id]);
                }
            }
            Span<byte> trailer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(trailer, checksum.GetCurrentHashAsUInt64());
            buffered.Write(trailer);
            buffered.Flush();
        }
        finally
        {
            _snapshotLock.ExitWriteLock();
        }
    }

    /// <summary>Saves to a file atomically (written next to it, then renamed over it).</summary>
    public void Save(string path, IKeyCodec<TKey>? codec = null)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan))
            Save(file, codec ?? KeyCodecs.For<TKey>());
        File.Move(temp, path, overwrite: true);
    }

    internal static HnswIndex<TKey> Load(Stream stream, HnswLoadOptions? expected, IKeyCodec<TKey> codec, IEqualityComparer<TKey>? comparer)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(codec);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The index file format is little-endian.");
        var start = stream.CanSeek ? stream.Position : 0;
        using var buffered = new BufferedStream(stream, StreamBufferBytes);
        var checksum = new XxHash64();
        using var hashing = new HashingStream(buffered, checksum);
        try
        {
            var header = IndexFileHeader.Read(hashing);
            CheckExpectations(header, expected, codec);
            if (stream.CanSeek)
            {
                var needed = 16L + HnswGraph.MinimumBodyBytes(header.Slots, header.Dimension, header.Options.M) + 8;
                if (stream.Length - start < needed)
                    throw IndexFileHeader.Truncated();
            }
            var graph = new HnswGraph(header.Dimension, header.Metric, header.Options.M, header.Options.EfConstruction,
                header.Options.Seed, Math.Max(1, header.Slots));
            var index = new HnswIndex<TKey>(graph, header.Options, comparer);
            try
            {
                var graphHeader = new HnswGraph.GraphHeader(header.Slots, header.EntryPoint, header.MaxLevel, header.LevelCounter);
                graph.ReadBody(hashing, graphHeader);
                var liveIds = ReadKeys(hashing, graph, header, codec, index._keys);
                VerifyTrailer(buffered, checksum.GetCurrentHashAsUInt64());
                graph.ValidateBody(graphHeader);
                index.PublishLoaded(liveIds, header.Slots);
                return index;
            }
            catch
            {
                index.Dispose();
                throw;
            }
        }
        catch (EndOfStreamException ex)
        {
            throw IndexFileHeader.Truncated(ex);
        }
    }

    private static void CheckExpectations(IndexFileHeader header, HnswLoadOptions? expected, IKeyCodec<TKey> codec)
    {
        string? mismatch = header.KeyCodec != codec.Name ? $"keys are '{header.KeyCodec}', expected '{codec.Name}'"
            : expected?.Dimension is { } d && d != header.Dimension ? $"dimension is {header.Dimension}, expected {d}"
            : expected?.Metric is { } m && m != header.Metric ? $"metric is {header.Metric}, expected {m}"
            : expected?.ModelVersion is { } v && v != header.Options.ModelVersion
                ? $"model version is '{header.Options.ModelVersion}', expected '{v}'"
            : null;
        if (mismatch is not null)
            throw new IndexFileException(IndexFileError.Mismatch, $"The index file does not match: {mismatch}.");
    }

    private static List<int> ReadKeys(Stream stream, HnswGraph graph, IndexFileHeader header, IKeyCodec<TKey> codec, TKey[] keys)
    {
        var flags = graph.Store.Flags;
        var live = new List<int>(header.Live);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        for (var id = 0; id < header.Slots; id++)
        {
            if ((flags[id] & HnswGraph.FlagDeleted) != 0)
                continue;
            if (live.Count == header.Live)
                throw new IndexFileException(IndexFileError.Corrupt, $"The index file is corrupt: more than {header.Live} live nodes.");
            keys[id] = codec.Read(reader);
            live.Add(id);
        }
        if (live.Count != header.Live)
            throw new IndexFileException(IndexFileError.Corrupt, $"The index file is corrupt: {live.Count} live nodes, header says {header.Live}.");
        return live;
    }

    private static void VerifyTrailer(BufferedStream stream, ulong actual)
    {
        Span<byte> trailer = stackalloc byte[8];
        stream.ReadExactly(trailer);
        if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != actual)
            throw new IndexFileException(IndexFileError.ChecksumMismatch, "The index file checksum does not match: the file is damaged.");
        if (stream.ReadByte() != -1)
            throw new IndexFileException(IndexFileError.Corrupt, "The index file is corrupt: unexpected bytes after the checksum.");
    }

    private void PublishLoaded(List<int> liveIds, int slots)
    {
        foreach (var id in liveIds)
        {
            if (!_ids.TryAdd(_keys[id], id))
                throw new IndexFileException(IndexFileError.Corrupt, $"The index file is corrupt: key '{_keys[id]}' appears twice.");
        }
        _count = liveIds.Count;
        if (Options.ReuseDeletedSlots)
        {
            for (var id = slots - 1; id >= 0; id--)
            {
                if (!_graph.IsLive(id))
                    _freeSlots.Push(id);
            }
        }
    }
}
