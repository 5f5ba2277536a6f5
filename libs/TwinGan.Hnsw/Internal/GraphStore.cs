using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TwinGan.Hnsw.Internal;

/// <summary>
/// The flat storage of one generation of the graph. As in hnswlib's data_level0_memory_, each node owns one block of
/// <see cref="NodeStride"/> bytes in a single pinned int array (4-byte elements: up to 8 GB): its vector (<c>dim</c> floats) followed by its layer-0
/// neighbour ids (<c>maxM0</c> ints), so a node whose distance was just computed has its list in the same or the next
/// cache line and page. Blocks start on 64-byte boundaries (the stride is a multiple of 64), so a vector never straddles
/// more cache lines than its size needs. Layer-0 list lengths live in <see cref="Counts0"/>; upper-layer lists (only
/// ~1/M of the nodes have any) are per-node arrays. Replaced wholesale when the index grows; searches keep the
/// generation they started with.
/// </summary>
internal sealed class GraphStore
{
    public const int Alignment = 64;

    public GraphStore(int capacity, int nodeStride)
    {
        Capacity = capacity;
        NodeStride = nodeStride;
        Nodes = GC.AllocateUninitializedArray<int>(checked((int)(((long)capacity * nodeStride / sizeof(int)) + (Alignment / sizeof(int)))), pinned: true);
        NodesOffset = AlignmentOffset(Nodes);
        Counts0 = new int[capacity];
        Upper = new int[]?[capacity];
        Levels = new byte[capacity];
        Flags = new byte[capacity];
        Locks = new int[capacity];
        InDegree = new int[capacity];
    }

    public int Capacity { get; }

    /// <summary>Bytes per node block: vector, then layer-0 ids, rounded up to <see cref="Alignment"/>.</summary>
    public int NodeStride { get; }

    /// <summary>The node blocks; node 0 starts at element <see cref="NodesOffset"/>. Pinned, so the alignment holds.</summary>
    public int[] Nodes { get; }

    public int NodesOffset { get; }

    /// <summary>Layer-0 list length per node (the ids are in the node's block).</summary>
    public int[] Counts0 { get; }

    /// <summary>Per node with level L > 0: L lists of (count, M ids), layers 1..L.</summary>
    public int[]?[] Upper { get; }

    public byte[] Levels { get; }

    /// <summary><see cref="HnswGraph.FlagDeleted"/> / <see cref="HnswGraph.FlagPending"/> per node.</summary>
    public byte[] Flags { get; }

    /// <summary>Per-node spin locks guarding neighbour-list writes (hnswlib's link_list_locks_).</summary>
    public int[] Locks { get; }

    /// <summary>Layer-0 in-links per node: pruning never drops a node's last in-link while the list has room.</summary>
    public int[] InDegree { get; }

    /// <summary>Start of node <paramref name="id"/>'s block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref byte Node(int id) =>
        ref Unsafe.AddByteOffset(
            ref Unsafe.As<int, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Nodes), NodesOffset)), (nint)id * NodeStride);

    /// <summary>Bytes per node block for <paramref name="dimension"/> floats and <paramref name="maxM0"/> layer-0 ids.</summary>
    public static int StrideFor(int dimension, int maxM0)
    {
        var bytes = checked((dimension + maxM0) * sizeof(int));
        return checked((bytes + Alignment - 1) / Alignment * Alignment);
    }

    public GraphStore Grow(int capacity, int used)
    {
        var next = new GraphStore(capacity, NodeStride);
        var length = (long)used * NodeStride / sizeof(int);
        Array.Copy(Nodes, NodesOffset, next.Nodes, next.NodesOffset, length);
        Array.Copy(Counts0, next.Counts0, used);
        Array.Copy(Upper, next.Upper, used);
        Array.Copy(Levels, next.Levels, used);
        Array.Copy(Flags, next.Flags, used);
        Array.Copy(InDegree, next.InDegree, used);
        return next;
    }

    /// <summary>Elements to skip so the first block starts on an <see cref="Alignment"/>-byte boundary.</summary>
    private static unsafe int AlignmentOffset(int[] pinned)
    {
        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / sizeof(int);
    }

    /// <summary>Whether <paramref name="capacity"/> nodes of <paramref name="nodeStride"/> bytes fit in one array.</summary>
    public static bool Fits(long capacity, int nodeStride) =>
        (capacity * nodeStride / sizeof(int)) + (Alignment / sizeof(int)) <= Array.MaxLength;
}
