using System.Runtime.CompilerServices;

namespace TwinGan.Hnsw.Internal;

/// <summary>A node id with its distance to the current query.</summary>
internal struct Candidate(float distance, int id)
{
    public float Distance = distance;
    public int Id = id;
}

/// <summary>Heap order, resolved at JIT time so the sift loops carry no branch on it.</summary>
internal interface IHeapOrder
{
    static abstract bool Before(float a, float b);
}

/// <summary>Farthest on top: hnswlib's top_candidates (the result set, bounded by ef).</summary>
internal readonly struct FarthestFirst : IHeapOrder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(float a, float b) => a > b;
}

/// <summary>Nearest on top: hnswlib's candidate_set (the frontier still to expand).</summary>
internal readonly struct NearestFirst : IHeapOrder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(float a, float b) => a < b;
}

/// <summary>
/// Binary heap of candidates over a reusable array. Owned by one <see cref="SearchContext"/> (or one exact scan),
/// never shared between threads.
/// </summary>
internal sealed class CandidateHeap<TOrder>(int capacity)
    where TOrder : struct, IHeapOrder
{
    private Candidate[] _items = new Candidate[Math.Max(capacity, 16)];

    public int Count { get; private set; }

    public ref Candidate Top => ref _items[0];

    public void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Push(float distance, int id)
    {
        if (Count == _items.Length)
            Array.Resize(ref _items, _items.Length * 2);
        var items = _items;
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Before(distance, items[parent].Distance))
                break;
            items[i] = items[parent];
            i = parent;
        }
        items[i] = new Candidate(distance, id);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Candidate Pop()
    {
        var items = _items;
        var top = items[0];
        var last = items[--Count];
        var n = Count;
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
                break;
            if (child + 1 < n && Before(items[child + 1].Distance, items[child].Distance))
                child++;
            if (!Before(items[child].Distance, last.Distance))
                break;
            items[i] = items[child];
            i = child;
        }
        if (n > 0)
            items[i] = last;
        return top;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(float a, float b) => TOrder.Before(a, b);
}
