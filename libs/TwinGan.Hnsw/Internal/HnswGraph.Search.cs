using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TwinGan.Hnsw.Internal;

internal sealed partial class HnswGraph
{
    /// <summary>Share of nodes sampled to estimate a filter's selectivity before choosing graph or exact search.</summary>
    private const int SelectivitySample = 512;

    /// <summary>
    /// k-NN search (paper Algorithm 5, hnswlib searchKnn): greedy descent on the upper layers, then a beam of width
    /// max(ef, k) on layer 0. Writes ids and distances nearest first; returns how many were written.
    /// A selective <paramref name="filter"/> (estimated share below <paramref name="bruteForceSelectivity"/>) is answered
    /// exactly by scanning the allowed nodes instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Search(
        ReadOnlySpan<float> query, int ef, Func<int, bool>? filter, double bruteForceSelectivity, Span<int> ids, Span<float> distances)
    {
        var k = ids.Length;
        if (k == 0)
            return 0;
        var ctx = SearchContext.Rent();
        try
        {
            var q = ctx.QueryBuffer(Dimension);
            if (Metric == DistanceMetric.Cosine)
                VectorMath.Normalize(query, q);
            else
                query.CopyTo(q);
            return Metric == DistanceMetric.L2
                ? SearchCore<L2Distance>(ctx, ref q[0], Math.Max(ef, k), filter, bruteForceSelectivity, ids, distances)
                : SearchCore<DotDistance>(ctx, ref q[0], Math.Max(ef, k), filter, bruteForceSelectivity, ids, distances);
        }
        finally
        {
            SearchContext.Return(ctx);
        }
    }

    /// <summary>Unfiltered search with a caller-chosen kernel: lets the benchmark compare kernels on one graph.</summary>
    internal int SearchWithKernel<TDist>(ReadOnlySpan<float> query, int ef, Span<int> ids, Span<float> distances)
        where TDist : struct, IDistance
    {
        var ctx = SearchContext.Rent();
        try
        {
            var q = ctx.QueryBuffer(Dimension);
            query.CopyTo(q);
            return SearchCore<TDist>(ctx, ref q[0], Math.Max(ef, ids.Length), null, 0, ids, distances);
        }
        finally
        {
            SearchContext.Return(ctx);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SearchCore<TDist>(
        SearchContext ctx, ref float q, int ef, Func<int, bool>? filter, double bruteForceSelectivity, Span<int> ids, Span<float> distances)
        where TDist : struct, IDistance
    {
        var entry = Volatile.Read(ref _entry);
        var store = _store;
        var ep = EntryId(entry);
        if (ep < 0)
            return 0;
        if (filter is not null && EstimateSelectivity(store, filter) < bruteForceSelectivity)
            return ExactSearch<TDist, PredicateFilter>(store, ctx, ref q, new PredicateFilter(store.Flags, filter), ids, distances);

        var dist = TDist.Compute(ref q, ref VectorRef(store, ep), Dimension);
        GreedyDescend<TDist>(store, ref q, ref ep, ref dist, EntryLevel(entry), 0);
        if (filter is not null)
            SearchLayer<TDist, PredicateFilter>(store, ctx, ref q, ep, dist, 0, ef, new PredicateFilter(store.Flags, filter));
        else if (HasFlaggedNodes)
            SearchLayer<TDist, FlagFilter>(store, ctx, ref q, ep, dist, 0, ef, new FlagFilter(store.Flags, 0xFF));
        else
            SearchLayer<TDist, AcceptAll>(store, ctx, ref q, ep, dist, 0, ef, default);
        return Drain(ctx.Top, ids, distances);
    }

    /// <summary>Writes the nearest <c>ids.Length</c> entries of a max-heap, nearest first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Drain(CandidateHeap<FarthestFirst> top, Span<int> ids, Span<float> distances)
    {
        while (top.Count > ids.Length)
            top.Pop();
        var n = top.Count;
        for (var i = n - 1; i >= 0; i--)
        {
            var c = top.Pop();
            ids[i] = c.Id;
            distances[i] = c.Distance;
        }
        return n;
    }

    /// <summary>Share of live nodes the filter accepts, from an evenly strided sample.</summary>
    private double EstimateSelectivity(GraphStore store, Func<int, bool> filter)
    {
        var n = Allocated;
        var step = Math.Max(1, n / SelectivitySample);
        int live = 0, accepted = 0;
        for (var id = 0; id < n; id += step)
        {
            if (store.Flags[id] != 0)
                continue;
            live++;
            if (filter(id))
                accepted++;
        }
        return live == 0 ? 0 : (double)accepted / live;
    }

    /// <summary>Exact k-NN over the nodes the filter accepts (the brute-force fallback for selective filters).</summary>
    private int ExactSearch<TDist, TFilter>(
        GraphStore store, SearchContext ctx, ref float q, TFilter filter, Span<int> ids, Span<float> distances)
        where TDist : struct, IDistance
        where TFilter : struct, INodeFilter
    {
        var top = ctx.Top;
        top.Clear();
        var k = ids.Length;
        var n = Allocated;
        for (var id = 0; id < n; id++)
        {
            if (!filter.Accepts(id))
                continue;
            var d = TDist.Compute(ref q, ref VectorRef(store, id), Dimension);
            if (top.Count < k)
                top.Push(d, id);
            else if (d < top.Top.Distance)
            {
                top.Pop();
                top.Push(d, id);
            }
        }
        return Drain(top, ids, distances);
    }

    /// <summary>Greedy search with ef = 1 from <paramref name="fromLevel"/> down to just above <paramref name="toLevel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GreedyDescend<TDist>(GraphStore store, ref float q, ref int current, ref float currentDist, int fromLevel, int toLevel)
        where TDist : struct, IDistance
    {
        for (var level = fromLevel; level > toLevel; level--)
        {
            var changed = true;
            while (changed)
            {
                changed = false;
                var upper = store.Upper[current];
                if (upper is null || upper.Length < level * UpperStride)
                    break;
                ref var list = ref upper[(level - 1) * UpperStride];
                var count = Math.Min((uint)list, (uint)M);
                for (var j = 1; j <= count; j++)
                {
                    var candidate = Unsafe.Add(ref list, j);
                    var d = TDist.Compute(ref q, ref VectorRef(store, candidate), Dimension);
                    if (d < currentDist)
                    {
                        currentDist = d;
                        current = candidate;
                        changed = true;
                    }
                }
            }
        }
    }

    /// <summary>
    /// SEARCH-LAYER (paper Algorithm 2) as in hnswlib's searchBaseLayerST: every visited node routes the search, only
    /// nodes the filter accepts enter the result heap <c>ctx.Top</c> (at most <paramref name="ef"/>), and with a filter
    /// the search keeps going until that heap is full. Unvisited neighbours are gathered and prefetched before any of
    /// their distances is computed. The query path is marked AggressiveOptimization: under tiered compilation, in some
    /// runs the first several thousand queries of a process ran unoptimised code at a third of the speed
    /// (benchmarks/RESULTS.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SearchLayer<TDist, TFilter>(
        GraphStore store, SearchContext ctx, ref float q, int entry, float entryDist, int level, int ef, TFilter filter)
        where TDist : struct, IDistance
        where TFilter : struct, INodeFilter
    {
        var top = ctx.Top;
        var candidates = ctx.Candidates;
        top.Clear();
        candidates.Clear();
        var epoch = ctx.NextEpoch(store.Capacity);
        ref var visited = ref MemoryMarshal.GetArrayDataReference(ctx.Visited);
        var maxLinks = (uint)MaxLinks(level);
        ref var fresh = ref MemoryMarshal.GetArrayDataReference(ctx.UnvisitedBuffer(MaxM0));

        var lowerBound = float.MaxValue;
        if (filter.Accepts(entry))
        {
            top.Push(entryDist, entry);
            lowerBound = entryDist;
        }
        candidates.Push(entryDist, entry);
        Unsafe.Add(ref visited, entry) = epoch;

        while (candidates.Count > 0)
        {
            var current = candidates.Top;
            if (current.Distance > lowerBound && (top.Count == ef || filter.AcceptsAll))
                break;
            candidates.Pop();

            var count = (int)Math.Min((uint)Volatile.Read(ref CountRef(store, current.Id, level)), maxLinks);
            if (count == 0)
                continue;
            ref var links = ref IdsRef(store, current.Id, level);
            var unvisited = 0;
            for (var j = 0; j < count; j++)
            {
                var candidate = Unsafe.Add(ref links, j);
                ref var mark = ref Unsafe.Add(ref visited, candidate);
                if (mark == epoch)
                    continue;
                mark = epoch;
                Unsafe.Add(ref fresh, unvisited++) = candidate;
                PrefetchVector(ref VectorRef(store, candidate));
            }
            for (var j = 0; j < unvisited; j++)
            {
                var candidate = Unsafe.Add(ref fresh, j);
                var d = TDist.Compute(ref q, ref VectorRef(store, candidate), Dimension);
                if (top.Count < ef || d < lowerBound)
                {
                    if (level == 0)
                        PrefetchLinks(store, candidate);
                    candidates.Push(d, candidate);
                    if (filter.Accepts(candidate))
                    {
                        top.Push(d, candidate);
                        if (top.Count > ef)
                            top.Pop();
                        lowerBound = top.Top.Distance;
                    }
                }
            }
        }
    }
}
