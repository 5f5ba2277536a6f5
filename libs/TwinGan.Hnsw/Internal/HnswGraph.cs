using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace TwinGan.Hnsw.Internal;

/// <summary>
/// The HNSW graph over internal ids (Malkov &amp; Yashunin 2018, structured like hnswlib's hnswalg.h): storage,
/// locking and level generation here; search, insert, integrity and serialisation in the other partial files.
/// Threading model (hnswlib's): searches take no lock and read the store generation they started with; writers
/// (insert, relink, delete) hold <see cref="_growLock"/> shared plus one per-node spin lock at a time while they
/// rewrite a neighbour list; growing the store takes <see cref="_growLock"/> exclusively; an insert that raises the
/// top level holds <see cref="_entryLock"/> for its whole duration.
/// </summary>
internal sealed partial class HnswGraph : IDisposable
{
    public const byte FlagDeleted = 1;
    public const byte FlagPending = 2;
    private const int MaxLevelCap = 30;

    private readonly ReaderWriterLockSlim _growLock = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _allocLock = new();
    private readonly Lock _entryLock = new();
    private readonly double _levelMultiplier;
    private volatile GraphStore _store;
    private int _allocated;
    private long _entry = Pack(-1, 0);
    private int _flagged;
    private long _levelCounter;

    public HnswGraph(int dimension, DistanceMetric metric, int m, int efConstruction, ulong seed, int capacity)
    {
        Dimension = dimension;
        Metric = metric;
        M = m;
        MaxM0 = 2 * m;
        EfConstruction = efConstruction;
        Seed = seed;
        NodeStride = GraphStore.StrideFor(dimension, MaxM0);
        VectorBytes = dimension * sizeof(float);
        UpperStride = m + 1;
        _levelMultiplier = 1 / Math.Log(m);
        _store = new GraphStore(capacity, NodeStride);
    }

    public int Dimension { get; }

    public DistanceMetric Metric { get; }

    public int M { get; }

    public int MaxM0 { get; }

    public int EfConstruction { get; }

    public ulong Seed { get; }

    /// <summary>Bytes per node block (vector, then layer-0 ids; see <see cref="GraphStore"/>).</summary>
    public int NodeStride { get; }

    /// <summary>Offset of the layer-0 ids in a node block.</summary>
    public int VectorBytes { get; }

    public int UpperStride { get; }

    /// <summary>Slots handed out so far (live, deleted and in-flight).</summary>
    public int Allocated => Volatile.Read(ref _allocated);

    public int Capacity => _store.Capacity;

    public int EntryPoint => EntryId(Volatile.Read(ref _entry));

    public int MaxLevel => EntryLevel(Volatile.Read(ref _entry));

    /// <summary>Nodes with any flag set; zero lets searches skip the per-node flag check.</summary>
    public bool HasFlaggedNodes => Volatile.Read(ref _flagged) != 0;

    internal GraphStore Store => _store;

    public void Dispose() => _growLock.Dispose();

    /// <summary>Hands out the next never-used slot, flagged pending until its insert completes.</summary>
    public int AllocateSlot()
    {
        lock (_allocLock)
        {
            var store = _store;
            var id = _allocated;
            if (id == store.Capacity)
            {
                store = GrowTo(checked(Math.Max(id + 16, id + (id >> 1))));
            }
            store.Flags[id] = FlagPending;
            Interlocked.Increment(ref _flagged);
            Volatile.Write(ref _allocated, id + 1);
            return id;
        }
    }

    /// <summary>Makes room for <paramref name="capacity"/> slots without reallocating later.</summary>
    public void Reserve(int capacity)
    {
        lock (_allocLock)
        {
            if (capacity > _store.Capacity)
                GrowTo(capacity);
        }
    }

    private GraphStore GrowTo(int capacity)
    {
        _growLock.EnterWriteLock();
        try
        {
            var next = _store.Grow(capacity, _allocated);
            _store = next;
            return next;
        }
        finally
        {
            _growLock.ExitWriteLock();
        }
    }

    /// <summary>Tombstones a node: it keeps routing searches but is never returned.</summary>
    public void MarkDeleted(int id)
    {
        _growLock.EnterReadLock();
        try
        {
            var store = _store;
            if ((store.Flags[id] & FlagDeleted) != 0)
                return;
            store.Flags[id] |= FlagDeleted;
            Interlocked.Increment(ref _flagged);
        }
        finally
        {
            _growLock.ExitReadLock();
        }
    }

    public bool IsLive(int id)
    {
        var store = _store;
        return (uint)id < (uint)Allocated && store.Flags[id] == 0;
    }

    /// <summary>Copies the stored (for cosine: normalised) vector of a node.</summary>
    public void CopyVector(int id, Span<float> destination) =>
        VectorSpan(_store, id).CopyTo(destination);

    /// <summary>
    /// Level of the next new node: floor(-ln(U) * mL) with mL = 1/ln(M) (paper section 4.1). U comes from a
    /// counter-based generator (SplitMix64 of seed and insert number), so it is deterministic per insertion order and
    /// needs no lock under concurrent inserts.
    /// </summary>
    private int RandomLevel()
    {
        var counter = (ulong)Interlocked.Increment(ref _levelCounter);
        var z = Seed + (counter * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        var u = ((z >> 11) + 0.5) * (1.0 / (1UL << 53));
        return (int)Math.Min(-Math.Log(u) * _levelMultiplier, MaxLevelCap);
    }

    private static long Pack(int id, int level) => ((long)level << 32) | (uint)id;

    private static int EntryId(long entry) => (int)(uint)entry;

    private static int EntryLevel(long entry) => (int)(entry >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float VectorRef(GraphStore store, int id) => ref Unsafe.As<byte, float>(ref store.Node(id));

    private Span<float> VectorSpan(GraphStore store, int id) => MemoryMarshal.CreateSpan(ref VectorRef(store, id), Dimension);

    /// <summary>Length of a node's neighbour list at <paramref name="level"/> (read it before the ids, write it after).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int CountRef(GraphStore store, int id, int level)
    {
        if (level == 0)
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(store.Counts0), id);
        return ref store.Upper[id]![(level - 1) * UpperStride];
    }

    /// <summary>First id of a node's neighbour list at <paramref name="level"/>; <see cref="MaxLinks"/> slots follow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int IdsRef(GraphStore store, int id, int level)
    {
        if (level == 0)
            return ref Unsafe.As<byte, int>(ref Unsafe.AddByteOffset(ref store.Node(id), VectorBytes));
        return ref store.Upper[id]![((level - 1) * UpperStride) + 1];
    }

    private int MaxLinks(int level) => level == 0 ? MaxM0 : M;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float address)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref address));
    }

    /// <summary>Cache lines of a vector prefetched before its distance is computed (1 KB: all of a 256-d vector).</summary>
    private const int PrefetchVectorLines = 16;

    /// <summary>
    /// Prefetches up to <see cref="PrefetchVectorLines"/> lines of a vector. SearchLayer first gathers a node's unvisited
    /// neighbours and prefetches all of them, so their vectors load from memory in parallel instead of one after the
    /// other; 16 lines beat 1, 2, 4 and 8 (benchmarks/RESULTS.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchVector(ref float vector)
    {
        if (!Sse.IsSupported)
            return;
        var address = (byte*)Unsafe.AsPointer(ref vector);
        var lines = Math.Min(PrefetchVectorLines, (VectorBytes + 63) >> 6);
        for (var i = 0; i < lines; i++)
            Sse.Prefetch0(address + (i << 6));
    }

    /// <summary>
    /// Prefetches the first two cache lines of a node's layer-0 ids when it joins the search frontier, so they are
    /// cached when it is expanded (hnswlib prefetches the frontier top's list the same way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchLinks(GraphStore store, int id)
    {
        if (!Sse.IsSupported)
            return;
        var address = (byte*)Unsafe.AsPointer(ref Unsafe.AddByteOffset(ref store.Node(id), VectorBytes));
        Sse.Prefetch0(address);
        Sse.Prefetch0(address + 64);
    }

    private static void LockNode(GraphStore store, int id)
    {
        ref var slot = ref store.Locks[id];
        if (Interlocked.CompareExchange(ref slot, 1, 0) == 0)
            return;
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref slot, 1, 0) != 0)
            spin.SpinOnce();
    }

    private static void UnlockNode(GraphStore store, int id) => Volatile.Write(ref store.Locks[id], 0);

    private void StoreVector(GraphStore store, int id, ReadOnlySpan<float> vector)
    {
        var destination = VectorSpan(store, id);
        if (Metric == DistanceMetric.Cosine)
            VectorMath.Normalize(vector, destination);
        else
            vector.CopyTo(destination);
    }
}
