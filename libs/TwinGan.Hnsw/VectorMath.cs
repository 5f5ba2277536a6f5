using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TwinGan.Hnsw;

/// <summary>
/// Distance kernels used by the indexes. The dot product and squared L2 are hand-vectorised (Vector512, then
/// Vector256, with four accumulators and a masked overlapping tail instead of a scalar loop): searching one graph
/// with them was 1-19 % faster than with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// (benchmarks/RESULTS.md). Normalisation and norms use <see cref="TensorPrimitives"/>.
/// </summary>
public static class VectorMath
{
    /// <summary>Inner product of two equal-length vectors.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Vector lengths differ: {a.Length} and {b.Length}.", nameof(b));
        return a.IsEmpty ? 0f : Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>Squared Euclidean distance of two equal-length vectors.</summary>
    public static float L2Squared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Vector lengths differ: {a.Length} and {b.Length}.", nameof(b));
        return a.IsEmpty ? 0f : L2Squared(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>The distance <paramref name="metric"/> reports for two vectors (cosine normalises copies first).</summary>
    public static float Distance(DistanceMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b) => metric switch
    {
        DistanceMetric.L2 => L2Squared(a, b),
        DistanceMetric.InnerProduct => 1f - Dot(a, b),
        DistanceMetric.Cosine => 1f - TensorPrimitives.CosineSimilarity(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>Writes <paramref name="source"/> scaled to unit length; throws for a zero or non-finite vector.</summary>
    public static void Normalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        var norm = TensorPrimitives.Norm(source);
        if (!(norm > 0f) || float.IsInfinity(norm))
            throw new ArgumentException("A cosine vector must have a finite, non-zero norm.", nameof(source));
        TensorPrimitives.Multiply(source, 1f / norm, destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Dot(ref float a, ref float b, int n)
    {
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
            return Dot512(ref a, ref b, (nuint)n);
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
            return Dot256(ref a, ref b, (nuint)n);
        return DotScalar(ref a, ref b, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float L2Squared(ref float a, ref float b, int n)
    {
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
            return L2Squared512(ref a, ref b, (nuint)n);
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
            return L2Squared256(ref a, ref b, (nuint)n);
        return L2SquaredScalar(ref a, ref b, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float Dot512(ref float a, ref float b, nuint n)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        nuint i = 0;
        for (; i + 64 <= n; i += 64)
        {
            s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, i), Vector512.LoadUnsafe(ref b, i), s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, i + 16), Vector512.LoadUnsafe(ref b, i + 16), s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, i + 32), Vector512.LoadUnsafe(ref b, i + 32), s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, i + 48), Vector512.LoadUnsafe(ref b, i + 48), s3);
        }
        for (; i + 16 <= n; i += 16)
            s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, i), Vector512.LoadUnsafe(ref b, i), s0);
        if (i < n)
        {
            // Overlapping last block; lanes already summed above are masked out.
            var last = n - 16;
            var mask = Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create((int)(i - last))).AsSingle();
            s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, last) & mask, Vector512.LoadUnsafe(ref b, last), s1);
        }
        return Vector512.Sum((s0 + s1) + (s2 + s3));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float Dot256(ref float a, ref float b, nuint n)
    {
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        nuint i = 0;
        for (; i + 32 <= n; i += 32)
        {
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i), Vector256.LoadUnsafe(ref b, i), s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i + 8), Vector256.LoadUnsafe(ref b, i + 8), s1);
            s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i + 16), Vector256.LoadUnsafe(ref b, i + 16), s2);
            s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i + 24), Vector256.LoadUnsafe(ref b, i + 24), s3);
        }
        for (; i + 8 <= n; i += 8)
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i), Vector256.LoadUnsafe(ref b, i), s0);
        if (i < n)
        {
            var last = n - 8;
            var mask = Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create((int)(i - last))).AsSingle();
            s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, last) & mask, Vector256.LoadUnsafe(ref b, last), s1);
        }
        return Vector256.Sum((s0 + s1) + (s2 + s3));
    }

    internal static float DotScalar(ref float a, ref float b, int n)
    {
        var s = 0f;
        for (var i = 0; i < n; i++)
            s += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float L2Squared512(ref float a, ref float b, nuint n)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        nuint i = 0;
        for (; i + 64 <= n; i += 64)
        {
            var d0 = Vector512.LoadUnsafe(ref a, i) - Vector512.LoadUnsafe(ref b, i);
            var d1 = Vector512.LoadUnsafe(ref a, i + 16) - Vector512.LoadUnsafe(ref b, i + 16);
            var d2 = Vector512.LoadUnsafe(ref a, i + 32) - Vector512.LoadUnsafe(ref b, i + 32);
            var d3 = Vector512.LoadUnsafe(ref a, i + 48) - Vector512.LoadUnsafe(ref b, i + 48);
            s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
            s1 = Vector512.FusedMultiplyAdd(d1, d1, s1);
            s2 = Vector512.FusedMultiplyAdd(d2, d2, s2);
            s3 = Vector512.FusedMultiplyAdd(d3, d3, s3);
        }
        for (; i + 16 <= n; i += 16)
        {
            var d = Vector512.LoadUnsafe(ref a, i) - Vector512.LoadUnsafe(ref b, i);
            s0 = Vector512.FusedMultiplyAdd(d, d, s0);
        }
        if (i < n)
        {
            var last = n - 16;
            var mask = Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create((int)(i - last))).AsSingle();
            var d = (Vector512.LoadUnsafe(ref a, last) - Vector512.LoadUnsafe(ref b, last)) & mask;
            s1 = Vector512.FusedMultiplyAdd(d, d, s1);
        }
        return Vector512.Sum((s0 + s1) + (s2 + s3));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float L2Squared256(ref float a, ref float b, nuint n)
    {
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        nuint i = 0;
        for (; i + 32 <= n; i += 32)
        {
            var d0 = Vector256.LoadUnsafe(ref a, i) - Vector256.LoadUnsafe(ref b, i);
            var d1 = Vector256.LoadUnsafe(ref a, i + 8) - Vector256.LoadUnsafe(ref b, i + 8);
            var d2 = Vector256.LoadUnsafe(ref a, i + 16) - Vector256.LoadUnsafe(ref b, i + 16);
            var d3 = Vector256.LoadUnsafe(ref a, i + 24) - Vector256.LoadUnsafe(ref b, i + 24);
            s0 = Vector256.FusedMultiplyAdd(d0, d0, s0);
            s1 = Vector256.FusedMultiplyAdd(d1, d1, s1);
            s2 = Vector256.FusedMultiplyAdd(d2, d2, s2);
            s3 = Vector256.FusedMultiplyAdd(d3, d3, s3);
        }
        for (; i + 8 <= n; i += 8)
        {
            var d = Vector256.LoadUnsafe(ref a, i) - Vector256.LoadUnsafe(ref b, i);
            s0 = Vector256.FusedMultiplyAdd(d, d, s0);
        }
        if (i < n)
        {
            var last = n - 8;
            var mask = Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create((int)(i - last))).AsSingle();
            var d = (Vector256.LoadUnsafe(ref a, last) - Vector256.LoadUnsafe(ref b, last)) & mask;
            s1 = Vector256.FusedMultiplyAdd(d, d, s1);
        }
        return Vector256.Sum((s0 + s1) + (s2 + s3));
    }

    internal static float L2SquaredScalar(ref float a, ref float b, int n)
    {
        var s = 0f;
        for (var i = 0; i < n; i++)
        {
            var d = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            s += d * d;
        }
        return s;
    }
}
