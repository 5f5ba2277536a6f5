using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TwinGan.Hnsw.Internal;

/// <summary>A distance specialised at JIT time (generic struct argument), so the hot loop has no metric branch.</summary>
internal interface IDistance
{
    static abstract float Compute(ref float a, ref float b, int dimension);
}

/// <summary>1 - dot: inner product, and cosine over normalised vectors.</summary>
internal readonly struct DotDistance : IDistance
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Compute(ref float a, ref float b, int dimension) => 1f - VectorMath.Dot(ref a, ref b, dimension);
}

/// <summary>Squared Euclidean distance.</summary>
internal readonly struct L2Distance : IDistance
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Compute(ref float a, ref float b, int dimension) => VectorMath.L2Squared(ref a, ref b, dimension);
}

/// <summary>Which visited nodes may enter the result set (all of them still route the search).</summary>
internal interface INodeFilter
{
    /// <summary>True when every node is accepted: lets the search stop as soon as hnswlib's bare-bone search would.</summary>
    bool AcceptsAll { get; }

    bool Accepts(int id);
}

internal readonly struct AcceptAll : INodeFilter
{
    public bool AcceptsAll => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Accepts(int id) => true;
}

/// <summary>Rejects nodes whose flags intersect <c>mask</c> (deleted, or still being inserted).</summary>
internal readonly struct FlagFilter(byte[] flags, byte mask) : INodeFilter
{
    public bool AcceptsAll => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Accepts(int id) => (Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(flags), id) & mask) == 0;
}

/// <summary>Live nodes the caller's predicate accepts.</summary>
internal readonly struct PredicateFilter(byte[] flags, Func<int, bool> predicate) : INodeFilter
{
    public bool AcceptsAll => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Accepts(int id) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(flags), id) == 0 && predicate(id);
}
