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
        Level0Stride = MaxM0 + 1;
        UpperStride = m + 1;
        _levelMultiplier = 1 / Math.Log(m);
        _store = new GraphStore(capacity, dimension, Level0Stride);
    }

    public int Dimension { get; }

    public DistanceMetric Metric { get; }

    public int M { get; }

    public int MaxM0 { get; }

    public int EfConstruction { get; }

    public ulong Seed { get; }

    public int Level0Stride { get; }

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
            var next = _store.Grow(capacity, Dimension, Level0Stride, _allocated);
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
        _store.Vectors.AsSpan(id * Dimension, Dimension).CopyTo(destination);

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
    private ref float VectorRef(GraphStore store, int id) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(store.Vectors), (nint)id * Dimension);

    /// <summary>Header (count) of a node's neighbour list at <paramref name="level"/>; the ids follow it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int LinksRef(GraphStore store, int id, int level)
    {
        if (level == 0)
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(store.Links0), (nint)id * Level0Stride);
        return ref store.Upper[id]![(level - 1) * UpperStride];
    }

    private int MaxLinks(int level) => level == 0 ? MaxM0 : M;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float address)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref address));
    }

    /// <summary>
    /// Prefetches the first two cache lines of a node's layer-0 list. hnswlib keeps each list next to its vector, so
    /// a node whose distance was just computed has its list cached when it is expanded; with separate arrays the
    /// list is prefetched when the node joins the frontier instead (+7 to +16 % QPS at ef 32-64, benchmarks/RESULTS.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchLinks(GraphStore store, int id)
    {
        if (!Sse.IsSupported)
            return;
        var address = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(store.Links0), (nint)id * Level0Stride));
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
        var destination = store.Vectors.AsSpan(id * Dimension, Dimension);
        if (Metric == DistanceMetric.Cosine)
            VectorMath.Normalize(vector, destination);
        else
            vector.CopyTo(destination);
    }
}
