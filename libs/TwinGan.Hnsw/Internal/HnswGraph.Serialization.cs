using System.Runtime.InteropServices;

namespace TwinGan.Hnsw.Internal;

internal sealed partial class HnswGraph
{
    /// <summary>Header fields the graph owns (see docs/hnsw.md, file format).</summary>
    internal readonly record struct GraphHeader(int Slots, int EntryPoint, int MaxLevel, long LevelCounter);

    /// <summary>Body bytes implied by a header, used to reject truncated files before allocating.</summary>
    internal static long MinimumBodyBytes(int slots, int dimension, int m) =>
        (2L * slots) + (4L * slots * dimension) + (4L * slots * ((2 * m) + 1));

    internal GraphHeader Header => new(_allocated, EntryId(_entry), EntryLevel(_entry), _levelCounter);

    /// <summary>Writes levels, flags, vectors and links. Callers keep writers out while it runs.</summary>
    internal void WriteBody(Stream stream)
    {
        var store = _store;
        var n = _allocated;
        stream.Write(store.Levels.AsSpan(0, n));
        var flags = new byte[n];
        for (var i = 0; i < n; i++)
            flags[i] = (byte)(store.Flags[i] & FlagDeleted);
        stream.Write(flags);
        stream.Write(MemoryMarshal.AsBytes(store.Vectors.AsSpan(0, n * Dimension)));
        stream.Write(MemoryMarshal.AsBytes(store.Links0.AsSpan(0, n * Level0Stride)));
        for (var i = 0; i < n; i++)
        {
            var upper = store.Upper[i];
            if (upper is not null)
                stream.Write(MemoryMarshal.AsBytes(upper.AsSpan()));
        }
    }

    /// <summary>
    /// Reads what <see cref="WriteBody"/> wrote. Only what sizing depends on is checked here; the caller verifies the
    /// checksum and then calls <see cref="ValidateBody"/>, so random damage is reported as a checksum mismatch.
    /// </summary>
    internal void ReadBody(Stream stream, GraphHeader header)
    {
        var n = header.Slots;
        var store = _store;
        stream.ReadExactly(store.Levels.AsSpan(0, n));
        stream.ReadExactly(store.Flags.AsSpan(0, n));
        stream.ReadExactly(MemoryMarshal.AsBytes(store.Vectors.AsSpan(0, n * Dimension)));
        stream.ReadExactly(MemoryMarshal.AsBytes(store.Links0.AsSpan(0, n * Level0Stride)));
        for (var i = 0; i < n; i++)
        {
            int level = store.Levels[i];
            if (level > header.MaxLevel)
                throw Corrupt($"node {i} has level {level} above the max level {header.MaxLevel}");
            if (level > 0)
            {
                var upper = new int[level * UpperStride];
                stream.ReadExactly(MemoryMarshal.AsBytes(upper.AsSpan()));
                store.Upper[i] = upper;
            }
        }
    }

    /// <summary>Checks every flag and link of a freshly read body, then publishes it.</summary>
    internal void ValidateBody(GraphHeader header)
    {
        var n = header.Slots;
        var store = _store;
        var flagged = 0;
        for (var i = 0; i < n; i++)
        {
            if (store.Flags[i] > FlagDeleted)
                throw Corrupt($"node {i} has unknown flags {store.Flags[i]}");
            flagged += store.Flags[i];
            for (var l = 0; l <= store.Levels[i]; l++)
                ValidateList(store, i, l, n);
        }
        if (n > 0 && (header.EntryPoint < 0 || header.EntryPoint >= n || store.Levels[header.EntryPoint] != header.MaxLevel))
            throw Corrupt($"entry point {header.EntryPoint} is not a node of level {header.MaxLevel}");
        for (var i = 0; i < n; i++)
        {
            ref var list = ref LinksRef(store, i, 0);
            for (var j = 1; j <= list; j++)
                store.InDegree[System.Runtime.CompilerServices.Unsafe.Add(ref list, j)]++;
        }
        _allocated = n;
        _flagged = flagged;
        _entry = n == 0 ? Pack(-1, 0) : Pack(header.EntryPoint, header.MaxLevel);
        _levelCounter = header.LevelCounter;
    }

    private void ValidateList(GraphStore store, int id, int level, int n)
    {
        ref var list = ref LinksRef(store, id, level);
        var count = list;
        if (count < 0 || count > MaxLinks(level))
            throw Corrupt($"node {id} has {count} links on level {level}");
        for (var j = 1; j <= count; j++)
        {
            var link = System.Runtime.CompilerServices.Unsafe.Add(ref list, j);
            if (link < 0 || link >= n || link == id || store.Levels[link] < level)
                throw Corrupt($"node {id} has an invalid link {link} on level {level}");
        }
    }

    private static IndexFileException Corrupt(string detail) =>
        new(IndexFileError.Corrupt, $"The index file is corrupt: {detail}.");
}
