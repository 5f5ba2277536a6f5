using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TwinGan.Hnsw.Internal;

internal sealed partial class HnswGraph
{
    /// <summary>Nodes per staging copy between the node blocks and the file's vector and list sections.</summary>
    private const int StagingNodes = 256;

    /// <summary>Header fields the graph owns (see docs/hnsw.md, file format).</summary>
    internal readonly record struct GraphHeader(int Slots, int EntryPoint, int MaxLevel, long LevelCounter);

    /// <summary>Body bytes implied by a header, used to reject truncated files before allocating.</summary>
    internal static long MinimumBodyBytes(int slots, int dimension, int m) =>
        (2L * slots) + (4L * slots * dimension) + (4L * slots * ((2 * m) + 1));

    internal GraphHeader Header => new(_allocated, EntryId(_entry), EntryLevel(_entry), _levelCounter);

    /// <summary>
    /// Writes levels, flags, vectors and links. The file keeps vectors and layer-0 lists (count, then 2M ids) in two
    /// sections, whatever the in-memory layout; they are gathered from the node blocks through a staging buffer.
    /// Callers keep writers out while it runs.
    /// </summary>
    internal void WriteBody(Stream stream)
    {
        var store = _store;
        var n = _allocated;
        stream.Write(store.Levels.AsSpan(0, n));
        var flags = new byte[n];
        for (var i = 0; i < n; i++)
            flags[i] = (byte)(store.Flags[i] & FlagDeleted);
        stream.Write(flags);
        var staging = new int[StagingNodes * Math.Max(Dimension, MaxM0 + 1)];
        for (var first = 0; first < n; first += StagingNodes)
        {
            var count = Math.Min(StagingNodes, n - first);
            for (var i = 0; i < count; i++)
                VectorSpan(store, first + i).CopyTo(MemoryMarshal.Cast<int, float>(staging.AsSpan(i * Dimension, Dimension)));
            stream.Write(MemoryMarshal.AsBytes(staging.AsSpan(0, count * Dimension)));
        }
        for (var first = 0; first < n; first += StagingNodes)
        {
            var count = Math.Min(StagingNodes, n - first);
            for (var i = 0; i < count; i++)
            {
                var row = staging.AsSpan(i * (MaxM0 + 1), MaxM0 + 1);
                row[0] = store.Counts0[first + i];
                MemoryMarshal.CreateReadOnlySpan(ref IdsRef(store, first + i, 0), MaxM0).CopyTo(row[1..]);
            }
            stream.Write(MemoryMarshal.AsBytes(staging.AsSpan(0, count * (MaxM0 + 1))));
        }
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
        var staging = new int[StagingNodes * Math.Max(Dimension, MaxM0 + 1)];
        for (var first = 0; first < n; first += StagingNodes)
        {
            var count = Math.Min(StagingNodes, n - first);
            stream.ReadExactly(MemoryMarshal.AsBytes(staging.AsSpan(0, count * Dimension)));
            for (var i = 0; i < count; i++)
                MemoryMarshal.Cast<int, float>(staging.AsSpan(i * Dimension, Dimension)).CopyTo(VectorSpan(store, first + i));
        }
        for (var first = 0; first < n; first += StagingNodes)
        {
            var count = Math.Min(StagingNodes, n - first);
            stream.ReadExactly(MemoryMarshal.AsBytes(staging.AsSpan(0, count * (MaxM0 + 1))));
            for (var i = 0; i < count; i++)
            {
                var row = staging.AsSpan(i * (MaxM0 + 1), MaxM0 + 1);
                store.Counts0[first + i] = row[0];
                row[1..].CopyTo(MemoryMarshal.CreateSpan(ref IdsRef(store, first + i, 0), MaxM0));
            }
        }
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
            ref var links = ref IdsRef(store, i, 0);
            for (var j = 0; j < store.Counts0[i]; j++)
                store.InDegree[Unsafe.Add(ref links, j)]++;
        }
        _allocated = n;
        _flagged = flagged;
        _entry = n == 0 ? Pack(-1, 0) : Pack(header.EntryPoint, header.MaxLevel);
        _levelCounter = header.LevelCounter;
    }

    private void ValidateList(GraphStore store, int id, int level, int n)
    {
        var count = CountRef(store, id, level);
        ref var links = ref IdsRef(store, id, level);
        if (count < 0 || count > MaxLinks(level))
            throw Corrupt($"node {id} has {count} links on level {level}");
        for (var j = 0; j < count; j++)
        {
            var link = Unsafe.Add(ref links, j);
            if (link < 0 || link >= n || link == id || store.Levels[link] < level)
                throw Corrupt($"node {id} has an invalid link {link} on level {level}");
        }
    }

    private static IndexFileException Corrupt(string detail) =>
        new(IndexFileError.Corrupt, $"The index file is corrupt: {detail}.");
}
