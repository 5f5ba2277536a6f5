using System.Runtime.CompilerServices;

namespace TwinGan.Hnsw.Internal;

internal sealed partial class HnswGraph
{
    private const int MaxReportedErrors = 200;

    /// <summary>
    /// hnswlib's checkIntegrity plus reachability: list sizes within bounds, no self or duplicate links, every link to
    /// an allocated node whose level reaches that layer, levels consistent with the entry point, and every live node
    /// reachable from the entry point on layer 0. Blocks writers (not searches) while it runs.
    /// </summary>
    public IntegrityReport CheckIntegrity()
    {
        _growLock.EnterWriteLock();
        try
        {
            var store = _store;
            var n = _allocated;
            var errors = new List<string>();
            var entry = Volatile.Read(ref _entry);
            var ep = EntryId(entry);
            var maxLevel = EntryLevel(entry);
            int live = 0, deleted = 0;
            var seen = new int[n];
            var stamp = 0;
            for (var id = 0; id < n; id++)
            {
                var flags = store.Flags[id];
                if ((flags & FlagDeleted) != 0)
                    deleted++;
                else if (flags == 0)
                    live++;
                else
                    Add(errors, $"node {id} is still flagged pending ({flags})");
                int level = store.Levels[id];
                if (level > maxLevel)
                    Add(errors, $"node {id} has level {level} above the entry point's {maxLevel}");
                var upperLength = store.Upper[id]?.Length ?? 0;
                if (upperLength != level * UpperStride)
                    Add(errors, $"node {id} at level {level} has {upperLength} upper-layer slots, expected {level * UpperStride}");
                for (var l = 0; l <= level && (l == 0 || upperLength >= l * UpperStride); l++)
                {
                    stamp++;
                    CheckList(store, id, l, n, seen, stamp, errors);
                }
            }
            if (n > 0 && (ep < 0 || ep >= n))
                Add(errors, $"entry point {ep} is outside 0..{n - 1}");
            else if (n > 0 && store.Levels[ep] != maxLevel)
                Add(errors, $"entry point {ep} has level {store.Levels[ep]} but the graph's max level is {maxLevel}");
            else if (n > 0)
                CheckReachable(store, ep, n, errors);
            CheckInDegrees(store, n, errors);
            if (live + deleted != n)
                Add(errors, $"{n - live - deleted} node(s) neither live nor deleted");
            return new IntegrityReport(n, live, deleted, maxLevel, errors);
        }
        finally
        {
            _growLock.ExitWriteLock();
        }
    }

    private void CheckList(GraphStore store, int id, int level, int n, int[] seen, int stamp, List<string> errors)
    {
        var count = CountRef(store, id, level);
        ref var links = ref IdsRef(store, id, level);
        if (count < 0 || count > MaxLinks(level))
        {
            Add(errors, $"node {id} level {level}: {count} links, limit {MaxLinks(level)}");
            return;
        }
        for (var j = 0; j < count; j++)
        {
            var link = Unsafe.Add(ref links, j);
            if (link == id)
                Add(errors, $"node {id} level {level}: links to itself");
            else if (link < 0 || link >= n)
                Add(errors, $"node {id} level {level}: link {link} outside 0..{n - 1}");
            else if (store.Levels[link] < level)
                Add(errors, $"node {id} level {level}: link {link} only reaches level {store.Levels[link]}");
            else if (seen[link] == stamp)
                Add(errors, $"node {id} level {level}: duplicate link {link}");
            else
                seen[link] = stamp;
        }
    }

    private void CheckInDegrees(GraphStore store, int n, List<string> errors)
    {
        var counted = new int[n];
        for (var id = 0; id < n; id++)
        {
            var count = Math.Clamp(CountRef(store, id, 0), 0, MaxM0);
            ref var links = ref IdsRef(store, id, 0);
            for (var j = 0; j < count; j++)
            {
                var link = Unsafe.Add(ref links, j);
                if (link >= 0 && link < n)
                    counted[link]++;
            }
        }
        for (var id = 0; id < n; id++)
        {
            if (counted[id] != store.InDegree[id])
                Add(errors, $"node {id}: in-degree {store.InDegree[id]} recorded, {counted[id]} counted");
        }
    }

    private void CheckReachable(GraphStore store, int ep, int n, List<string> errors)
    {
        var reached = new bool[n];
        var queue = new Queue<int>();
        reached[ep] = true;
        queue.Enqueue(ep);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            var count = Math.Clamp(CountRef(store, id, 0), 0, MaxM0);
            ref var links = ref IdsRef(store, id, 0);
            for (var j = 0; j < count; j++)
            {
                var link = Unsafe.Add(ref links, j);
                if (link >= 0 && link < n && !reached[link])
                {
                    reached[link] = true;
                    queue.Enqueue(link);
                }
            }
        }
        for (var id = 0; id < n; id++)
        {
            if (!reached[id] && store.Flags[id] == 0)
                Add(errors, $"live node {id} is unreachable from entry point {ep}");
        }
    }

    private static void Add(List<string> errors, string message)
    {
        if (errors.Count < MaxReportedErrors)
            errors.Add(message);
    }
}
