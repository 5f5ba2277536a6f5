namespace TwinGan.Hnsw.Internal;

/// <summary>
/// Per-thread scratch for searches and inserts: an epoch-tagged visited list (hnswlib's VisitedList, no clearing
/// between queries), the two heaps, a query buffer and neighbour-selection scratch. Pooled in a thread-static slot so
/// the hot path allocates nothing; a nested use on the same thread (e.g. a filter that searches) gets a fresh one.
/// </summary>
internal sealed class SearchContext
{
    [ThreadStatic]
    private static SearchContext? t_cached;

    private ushort[] _visited = [];
    private ushort _epoch;

    public CandidateHeap<FarthestFirst> Top { get; } = new(256);

    public CandidateHeap<NearestFirst> Candidates { get; } = new(256);

    public float[] Query { get; private set; } = [];

    public int[] Unvisited { get; private set; } = [];

    public Candidate[] Sorted { get; private set; } = new Candidate[256];

    public int[] Selected { get; private set; } = new int[256];

    public int[] Scratch { get; private set; } = new int[256];

    /// <summary>Nodes whose last layer-0 in-link was pruned during the current write; reattached before it ends.</summary>
    public List<int> Orphans { get; } = [];

    public static SearchContext Rent()
    {
        var ctx = t_cached;
        t_cached = null;
        return ctx ?? new SearchContext();
    }

    public static void Return(SearchContext ctx) => t_cached = ctx;

    public ushort[] Visited => _visited;

    /// <summary>Starts a new visit generation over node ids below <paramref name="capacity"/>.</summary>
    public ushort NextEpoch(int capacity)
    {
        if (_visited.Length < capacity)
        {
            _visited = new ushort[capacity + (capacity >> 2)];
            _epoch = 0;
        }
        if (++_epoch == 0)
        {
            Array.Clear(_visited);
            _epoch = 1;
        }
        return _epoch;
    }

    /// <summary>Unvisited neighbours of the node being expanded, gathered so their vectors are all in flight at once.</summary>
    public int[] UnvisitedBuffer(int length)
    {
        if (Unvisited.Length < length)
            Unvisited = new int[length];
        return Unvisited;
    }

    public float[] QueryBuffer(int dimension)
    {
        if (Query.Length < dimension)
            Query = new float[dimension];
        return Query;
    }

    public Candidate[] SortedBuffer(int length)
    {
        if (Sorted.Length < length)
            Sorted = new Candidate[Math.Max(length, Sorted.Length * 2)];
        return Sorted;
    }

    public int[] SelectedBuffer(int length)
    {
        if (Selected.Length < length)
            Selected = new int[Math.Max(length, Selected.Length * 2)];
        return Selected;
    }

    public int[] ScratchBuffer(int length)
    {
        if (Scratch.Length < length)
            Scratch = new int[Math.Max(length, Scratch.Length * 2)];
        return Scratch;
    }
}
