using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TwinGan.Hnsw;
using TwinGan.Hnsw.Internal;

namespace TwinGan.Benchmarks.Ann;

/// <summary>
/// Decides between TensorPrimitives and the hand-written kernels: ns per call on one cached pair and on random base
/// rows, then end-to-end single-thread QPS of the same graph searched with each kernel (alternating rounds, so load
/// from other processes hits both alike).
/// </summary>
internal static class Kernels
{
    private const int K = 10;

    private delegate float Kernel(ReadOnlySpan<float> a, ReadOnlySpan<float> b);

    public static int Run(Dataset ds, Settings settings)
    {
        (string Name, Kernel Kernel)[] kernels =
        [
            ("TensorPrimitives.Dot", TensorPrimitives.Dot),
            ("VectorMath.Dot", VectorMath.Dot),
            ("Dot512", (a, b) => VectorMath.Dot512(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), (nuint)a.Length)),
            ("Dot256", (a, b) => VectorMath.Dot256(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), (nuint)a.Length)),
        ];
        Console.WriteLine("kernel,dim,ns_cached_pair,ns_random_rows");
        foreach (var (name, kernel) in kernels)
        {
            Time(kernel, ds, cached: true);
            Console.WriteLine($"{name},{ds.Dim},{Time(kernel, ds, cached: true):F2},{Time(kernel, ds, cached: false):F2}");
        }

        var options = new HnswOptions { M = settings.M, EfConstruction = settings.EfConstruction, InitialCapacity = ds.N };
        using var index = new HnswIndex<long>(ds.Dim, ds.Metric, options);
        for (var i = 0; i < ds.N; i++)
            index.Add(i, ds.Row(i));
        Console.WriteLine("kernel,ef,qps_median_of_5");
        foreach (var ef in settings.Efs)
        {
            var tensor = new List<double>();
            var ours = new List<double>();
            for (var round = 0; round < 6; round++)
            {
                var t = Qps<TensorDotDistance>(index, ds, ef);
                var o = Qps<DotDistance>(index, ds, ef);
                if (round == 0)
                    continue;
                tensor.Add(t);
                ours.Add(o);
            }
            Console.WriteLine($"TensorPrimitives.Dot,{ef},{Measure.Median(tensor):F0}");
            Console.WriteLine($"VectorMath.Dot,{ef},{Measure.Median(ours):F0}");
        }
        return 0;
    }

    private static double Qps<TDist>(HnswIndex<long> index, Dataset ds, int ef)
        where TDist : struct, IDistance
    {
        Span<int> ids = stackalloc int[K];
        Span<float> distances = stackalloc float[K];
        var watch = Stopwatch.StartNew();
        for (var q = 0; q < ds.Nq; q++)
            index.Graph.SearchWithKernel<TDist>(ds.Query(q), ef, ids, distances);
        return ds.Nq / watch.Elapsed.TotalSeconds;
    }

    private static double Time(Kernel kernel, Dataset ds, bool cached)
    {
        const int Calls = 2_000_000;
        var q = ds.Query(0);
        var sink = 0f;
        var rng = 12345u;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            rng = (rng * 1664525) + 1013904223;
            var row = cached ? 1 : (int)(rng % (uint)ds.N);
            sink += kernel(q, ds.Row(row));
        }
        var ns = watch.Elapsed.TotalNanoseconds / Calls;
        return sink == float.MaxValue ? -1 : ns;
    }

    /// <summary>1 - TensorPrimitives.Dot, the library-call alternative to <see cref="DotDistance"/>.</summary>
    private readonly struct TensorDotDistance : IDistance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Compute(ref float a, ref float b, int dimension) =>
            1f - TensorPrimitives.Dot(MemoryMarshal.CreateReadOnlySpan(ref a, dimension), MemoryMarshal.CreateReadOnlySpan(ref b, dimension));
    }
}
