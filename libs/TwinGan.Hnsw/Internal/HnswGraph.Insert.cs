using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TwinGan.Hnsw.Internal;

internal sealed partial class HnswGraph
{
    /// <summary>
    /// INSERT (paper Algorithm 1) for a slot from <see cref="AllocateSlot"/>. Differs from hnswlib in one way: the new
    /// node's own lists are written on every level first and the reverse links added afterwards, so no search can reach
    /// the node while its lower lists are still empty (hnswlib holds the node's lock for the whole insert instead).
    /// </summary>
    public void InsertNew(int id, ReadOnlySpan<float> vector)
    {
        var ctx = SearchContext.Rent();
        _growLock.EnterReadLock();
        var holdsEntryLock = false;
        try
        {
            var store = _store;
            StoreVector(store, id, vector);
            // The block is uninitialised memory: zero the unused list slots, which the file stores as they are.
            MemoryMarshal.CreateSpan(ref IdsRef(store, id, 0), MaxM0).Clear();
            var level = RandomLevel();
            store.Levels[id] = (byte)level;
            store.Upper[id] = level > 0 ? new int[level * UpperStride] : null;

            var entry = Volatile.Read(ref _entry);
            if (EntryId(entry) < 0 || level > EntryLevel(entry))
            {
                _entryLock.Enter();
                holdsEntryLock = true;
                entry = Volatile.Read(ref _entry);
            }
            var ep = EntryId(entry);
            if (ep >= 0)
            {
                if (Metric == DistanceMetric.L2)
                    Connect<L2Distance>(store, ctx, id, level, ep, EntryLevel(entry), isUpdate: false);
                else
                    Connect<DotDistance>(store, ctx, id, level, ep, EntryLevel(entry), isUpdate: false);
            }
            if (ep < 0 || level > EntryLevel(entry))
                Volatile.Write(ref _entry, Pack(id, level));
            store.Flags[id] &= unchecked((byte)~FlagPending);
            Interlocked.Decrement(ref _flagged);
        }
        finally
        {
            if (holdsEntryLock)
                _entryLock.Exit();
            _growLock.ExitReadLock();
            SearchContext.Return(ctx);
        }
    }

    /// <summary>
    /// Gives an existing node a new vector and repairs the links around it (hnswlib updatePoint with
    /// updateNeighborProbability = 1, then repairConnectionsForUpdate). Used for updates and for reusing the slot of a
    /// deleted node, whose deleted flag is cleared once it is relinked.
    /// </summary>
    public void Relink(int id, ReadOnlySpan<float> vector, bool revive)
    {
        var ctx = SearchContext.Rent();
        _growLock.EnterReadLock();
        try
        {
            var store = _store;
            StoreVector(store, id, vector);
            var entry = Volatile.Read(ref _entry);
            if (!(EntryId(entry) == id && Allocated == 1))
            {
                if (Metric == DistanceMetric.L2)
                    RelinkCore<L2Distance>(store, ctx, id, entry);
                else
                    RelinkCore<DotDistance>(store, ctx, id, entry);
            }
            if (revive && (store.Flags[id] & FlagDeleted) != 0)
            {
                store.Flags[id] &= unchecked((byte)~FlagDeleted);
                Interlocked.Decrement(ref _flagged);
            }
        }
        finally
        {
            _growLock.ExitReadLock();
            SearchContext.Return(ctx);
        }
    }

    private void RelinkCore<TDist>(GraphStore store, SearchContext ctx, int id, long entry)
        where TDist : struct, IDistance
    {
        int level = store.Levels[id];
        for (var l = 0; l <= level; l++)
            RepairNeighbours<TDist>(store, ctx, id, l);
        // Start from the entry point even when it is the node being moved (as hnswlib repairConnectionsForUpdate does):
        // it is the only node known to exist on every level Connect searches, and the search leaves it through its old
        // lists. Starting from one of its neighbours instead failed whenever it was alone on the top level: the first
        // non-empty list was on a lower level, so SearchLayer read a level that neighbour does not have.
        Connect<TDist>(store, ctx, id, Math.Min(level, EntryLevel(entry)), EntryId(entry), EntryLevel(entry), isUpdate: true);
    }

    /// <summary>
    /// First half of hnswlib's updatePoint: every one-hop neighbour of the moved node re-selects its links from the
    /// node's one- and two-hop neighbourhood, so the neighbourhood stays navigable around the new position.
    /// </summary>
    private void RepairNeighbours<TDist>(GraphStore store, SearchContext ctx, int id, int level)
        where TDist : struct, IDistance
    {
        var maxLinks = MaxLinks(level);
        var pool = ctx.ScratchBuffer((maxLinks + 1) * (maxLinks + 1) + 1);
        var epoch = ctx.NextEpoch(store.Capacity);
        var visited = ctx.Visited;
        var poolCount = 0;
        pool[poolCount++] = id;
        visited[id] = epoch;

        var oneHop = ctx.SelectedBuffer(maxLinks);
        var oneHopCount = CopyLinks(store, id, level, oneHop);
        if (oneHopCount == 0)
            return;
        var twoHop = new int[maxLinks];
        for (var i = 0; i < oneHopCount; i++)
        {
            var n = oneHop[i];
            if (visited[n] != epoch)
            {
                visited[n] = epoch;
                pool[poolCount++] = n;
            }
            var c = CopyLinks(store, n, level, twoHop);
            for (var j = 0; j < c; j++)
            {
                var t = twoHop[j];
                if (visited[t] == epoch)
                    continue;
                visited[t] = epoch;
                pool[poolCount++] = t;
            }
        }

        var top = ctx.Top;
        var sorted = ctx.SortedBuffer(Math.Max(EfConstruction, maxLinks) + 1);
        var selected = new int[maxLinks];
        for (var i = 0; i < oneHopCount; i++)
        {
            var n = oneHop[i];
            top.Clear();
            ref var nv = ref VectorRef(store, n);
            for (var j = 0; j < poolCount; j++)
            {
                var c = pool[j];
                if (c == n)
                    continue;
                var d = TDist.Compute(ref nv, ref VectorRef(store, c), Dimension);
                if (top.Count < EfConstruction)
                    top.Push(d, c);
                else if (d < top.Top.Distance)
                {
                    top.Pop();
                    top.Push(d, c);
                }
            }
            var count = SortAscending(top, sorted);
            var kept = SelectNeighbours<TDist>(store, sorted.AsSpan(0, count), maxLinks, selected);
            WriteLinks(store, ctx, n, level, selected, kept, keepOrphans: true);
        }
    }

    private int CopyLinks(GraphStore store, int id, int level, int[] destination)
    {
        LockNode(store, id);
        try
        {
            var count = Math.Min(CountRef(store, id, level), MaxLinks(level));
            ref var links = ref IdsRef(store, id, level);
            for (var j = 0; j < count; j++)
                destination[j] = Unsafe.Add(ref links, j);
            return count;
        }
        finally
        {
            UnlockNode(store, id);
        }
    }

    private void WriteLinks(GraphStore store, SearchContext ctx, int id, int level, Span<int> links, int count, bool keepOrphans)
    {
        LockNode(store, id);
        try
        {
            CommitLinks(store, ctx, id, level, links, count, keepOrphans);
        }
        finally
        {
            UnlockNode(store, id);
        }
    }

    /// <summary>
    /// Links node <paramref name="id"/> (level <paramref name="level"/>) into the graph from entry point
    /// <paramref name="ep"/>: descend greedily to <paramref name="level"/>, then per level a SEARCH-LAYER with
    /// efConstruction, SELECT-NEIGHBORS-HEURISTIC (Algorithm 4) down to M, own list written; reverse links last.
    /// </summary>
    private void Connect<TDist>(GraphStore store, SearchContext ctx, int id, int level, int ep, int maxLevel, bool isUpdate)
        where TDist : struct, IDistance
    {
        ref var q = ref VectorRef(store, id);
        var current = ep;
        var currentDist = TDist.Compute(ref q, ref VectorRef(store, current), Dimension);
        GreedyDescend<TDist>(store, ref q, ref current, ref currentDist, maxLevel, level);

        var top = Math.Min(level, maxLevel);
        var selectedAll = new int[(top + 1) * M];
        Span<int> selectedCounts = stackalloc int[top + 1];
        var sorted = ctx.SortedBuffer(EfConstruction + 2);
        var filter = new FlagFilter(store.Flags, FlagDeleted);
        var epDeleted = (store.Flags[ep] & FlagDeleted) != 0;
        for (var l = top; l >= 0; l--)
        {
            SearchLayer<TDist, FlagFilter>(store, ctx, ref q, current, currentDist, l, EfConstruction, filter);
            if (epDeleted && ep != id && l <= store.Levels[ep])
            {
                // hnswlib: a deleted entry point still joins the candidates so the graph stays connected to it.
                ctx.Top.Push(TDist.Compute(ref q, ref VectorRef(store, ep), Dimension), ep);
                if (ctx.Top.Count > EfConstruction)
                    ctx.Top.Pop();
            }
            if (ctx.Top.Count == 0 && current != id)
                ctx.Top.Push(currentDist, current);
            var count = SortAscending(ctx.Top, sorted, exclude: id);
            if (count == 0)
                continue;
            var selected = selectedAll.AsSpan(l * M, M);
            var kept = SelectNeighbours<TDist>(store, sorted.AsSpan(0, count), M, selected);
            selectedCounts[l] = kept;
            if (isUpdate)
                WriteLinks(store, ctx, id, l, selected, kept, keepOrphans: false);
            else
                CommitLinks(store, ctx, id, l, selected, kept, keepOrphans: false);
            current = sorted[0].Id;
            currentDist = sorted[0].Distance;
        }
        for (var l = top; l >= 0; l--)
        {
            var selected = selectedAll.AsSpan(l * M, selectedCounts[l]);
            foreach (var n in selected)
                AddReverseLink<TDist>(store, ctx, n, id, l);
        }
        ReattachOrphans<TDist>(store, ctx);
    }

    /// <summary>
    /// Overwrites a neighbour list with <c>links[..count]</c> (caller holds the node's lock, or owns a node nothing
    /// links to yet) and keeps layer-0 in-degrees exact. New targets are counted before old ones are released, and
    /// each release is a decrement-and-test, so exactly one writer sees a node lose its last in-link: that writer
    /// keeps it in this list when <paramref name="keepOrphans"/> and there is room (hnswlib would let it become
    /// unreachable), otherwise queues it for <see cref="ReattachOrphans{TDist}"/>. Returns the final count.
    /// </summary>
    private int CommitLinks(GraphStore store, SearchContext ctx, int id, int level, Span<int> links, int count, bool keepOrphans)
    {
        ref var length = ref CountRef(store, id, level);
        ref var ids = ref IdsRef(store, id, level);
        if (level == 0)
        {
            for (var j = 0; j < count; j++)
                Interlocked.Increment(ref store.InDegree[links[j]]);
            var old = Math.Min(length, MaxM0);
            for (var j = 0; j < old; j++)
            {
                var target = Unsafe.Add(ref ids, j);
                if (Interlocked.Decrement(ref store.InDegree[target]) != 0)
                    continue;
                if (keepOrphans && count < MaxM0)
                {
                    links[count++] = target;
                    Interlocked.Increment(ref store.InDegree[target]);
                }
                else
                {
                    ctx.Orphans.Add(target);
                }
            }
        }
        for (var j = 0; j < count; j++)
            Unsafe.Add(ref ids, j) = links[j];
        Volatile.Write(ref length, count);
        return count;
    }

    /// <summary>
    /// Gives every node orphaned by this write an in-link again, by offering it as a reverse link to its own layer-0
    /// neighbours (nearest first) until one keeps it. Runs after the write released its locks.
    /// </summary>
    private void ReattachOrphans<TDist>(GraphStore store, SearchContext ctx)
        where TDist : struct, IDistance
    {
        const int MaxReattach = 256;
        if (ctx.Orphans.Count == 0)
            return;
        var links = new int[MaxM0];
        for (var i = 0; i < ctx.Orphans.Count && i < MaxReattach; i++)
        {
            var orphan = ctx.Orphans[i];
            var count = CopyLinks(store, orphan, 0, links);
            for (var j = 0; j < count && Volatile.Read(ref store.InDegree[orphan]) == 0; j++)
                AddReverseLink<TDist>(store, ctx, links[j], orphan, 0);
        }
        ctx.Orphans.Clear();
    }

    /// <summary>
    /// Adds <paramref name="id"/> to <paramref name="node"/>'s list (hnswlib mutuallyConnectNewElement, second half):
    /// appended while there is room, otherwise the list plus the new node is shrunk back with the heuristic.
    /// </summary>
    private void AddReverseLink<TDist>(GraphStore store, SearchContext ctx, int node, int id, int level)
        where TDist : struct, IDistance
    {
        if (node == id)
            return;
        var maxLinks = MaxLinks(level);
        LockNode(store, node);
        try
        {
            ref var length = ref CountRef(store, node, level);
            ref var links = ref IdsRef(store, node, level);
            var count = Math.Min(length, maxLinks);
            for (var j = 0; j < count; j++)
            {
                if (Unsafe.Add(ref links, j) == id)
                    return;
            }
            if (count < maxLinks)
            {
                Unsafe.Add(ref links, count) = id;
                Volatile.Write(ref length, count + 1);
                if (level == 0)
                    Interlocked.Increment(ref store.InDegree[id]);
                return;
            }
            ref var nv = ref VectorRef(store, node);
            var sorted = ctx.SortedBuffer(maxLinks + 1);
            sorted[0] = new Candidate(TDist.Compute(ref nv, ref VectorRef(store, id), Dimension), id);
            for (var j = 0; j < count; j++)
            {
                var other = Unsafe.Add(ref links, j);
                sorted[j + 1] = new Candidate(TDist.Compute(ref nv, ref VectorRef(store, other), Dimension), other);
            }
            var candidates = sorted.AsSpan(0, count + 1);
            InsertionSort(candidates);
            var kept = ctx.SelectedBuffer(maxLinks);
            var keptCount = SelectNeighbours<TDist>(store, candidates, maxLinks, kept);
            if (level == 0 && keptCount < maxLinks && Volatile.Read(ref store.InDegree[id]) == 0 && !kept.AsSpan(0, keptCount).Contains(id))
                kept[keptCount++] = id;
            keptCount = CommitLinks(store, ctx, node, level, kept, keptCount, keepOrphans: true);
            if (level == 0 && Volatile.Read(ref store.InDegree[id]) == 0 && !kept.AsSpan(0, keptCount).Contains(id))
            {
                // The new node was pruned while nothing else links to it yet; a later reverse link or the orphan pass fixes it.
                ctx.Orphans.Add(id);
            }
        }
        finally
        {
            UnlockNode(store, node);
        }
    }

    /// <summary>
    /// SELECT-NEIGHBORS-HEURISTIC (paper Algorithm 4, hnswlib getNeighborsByHeuristic2, no extension or pruned-keep):
    /// walking candidates nearest first, keep one only if it is closer to the base than to every one already kept.
    /// </summary>
    private int SelectNeighbours<TDist>(GraphStore store, ReadOnlySpan<Candidate> sortedAscending, int m, Span<int> result)
        where TDist : struct, IDistance
    {
        if (sortedAscending.Length <= m)
        {
            for (var i = 0; i < sortedAscending.Length; i++)
                result[i] = sortedAscending[i].Id;
            return sortedAscending.Length;
        }
        var kept = 0;
        foreach (var candidate in sortedAscending)
        {
            if (kept == m)
                break;
            ref var cv = ref VectorRef(store, candidate.Id);
            var good = true;
            for (var r = 0; r < kept; r++)
            {
                if (TDist.Compute(ref cv, ref VectorRef(store, result[r]), Dimension) < candidate.Distance)
                {
                    good = false;
                    break;
                }
            }
            if (good)
                result[kept++] = candidate.Id;
        }
        return kept;
    }

    /// <summary>Empties a max-heap into <paramref name="destination"/> nearest first, skipping <paramref name="exclude"/>.</summary>
    private static int SortAscending(CandidateHeap<FarthestFirst> heap, Candidate[] destination, int exclude = -1)
    {
        var n = heap.Count;
        var write = n;
        while (heap.Count > 0)
        {
            var c = heap.Pop();
            if (c.Id != exclude)
                destination[--write] = c;
        }
        if (write > 0)
            Array.Copy(destination, write, destination, 0, n - write);
        return n - write;
    }

    private static void InsertionSort(Span<Candidate> items)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var x = items[i];
            var j = i - 1;
            while (j >= 0 && items[j].Distance > x.Distance)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = x;
        }
    }
}
