namespace TwinGan.Hnsw.Internal;

/// <summary>
/// The flat storage of one generation of the graph (hnswlib's data_level0_memory_ split in two arrays):
/// every vector at stride <c>dim</c> in one pinned float array, every layer-0 neighbour list at stride
/// <c>maxM0 + 1</c> (count, then ids) in one pinned int array, and per-node upper-layer lists (only ~1/M of the nodes
/// have any). Replaced wholesale when the index grows; searches keep the generation they started with.
/// </summary>
internal sealed class GraphStore
{
    public GraphStore(int capacity, int dimension, int level0Stride)
    {
        Capacity = capacity;
        Vectors = GC.AllocateUninitializedArray<float>(checked(capacity * dimension), pinned: true);
        Links0 = GC.AllocateArray<int>(checked(capacity * level0Stride), pinned: true);
        Upper = new int[]?[capacity];
        Levels = new byte[capacity];
        Flags = new byte[capacity];
        Locks = new int[capacity];
        InDegree = new int[capacity];
    }

    public int Capacity { get; }

    public float[] Vectors { get; }

    public int[] Links0 { get; }

    public int[]?[] Upper { get; }

    public byte[] Levels { get; }

    /// <summary><see cref="HnswGraph.FlagDeleted"/> / <see cref="HnswGraph.FlagPending"/> per node.</summary>
    public byte[] Flags { get; }

    /// <summary>Per-node spin locks guarding neighbour-list writes (hnswlib's link_list_locks_).</summary>
    public int[] Locks { get; }

    /// <summary>Layer-0 in-links per node: pruning never drops a node's last in-link while the list has room.</summary>
    public int[] InDegree { get; }

    public GraphStore Grow(int capacity, int dimension, int level0Stride, int used)
    {
        var next = new GraphStore(capacity, dimension, level0Stride);
        Array.Copy(Vectors, next.Vectors, (long)used * dimension);
        Array.Copy(Links0, next.Links0, (long)used * level0Stride);
        Array.Copy(Upper, next.Upper, used);
        Array.Copy(Levels, next.Levels, used);
        Array.Copy(Flags, next.Flags, used);
        Array.Copy(InDegree, next.InDegree, used);
        return next;
    }
}
