using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using TwinGan.Hnsw;

namespace TwinGan.Benchmarks.Ann;

/// <summary>
/// ns per distance call for each dot-product kernel: one cached pair (pure compute) and random base rows (the
/// memory-bound access pattern of a graph search). Decides between TensorPrimitives and the hand-written kernels.
/// </summary>
internal static class Kernels
{
    private delegate float Kernel(ReadOnlySpan<float> a, ReadOnlySpan<float> b);

    public static int Run(Dataset ds)
    {
        (string Name, Kernel Kernel)[] kernels =
        [
            ("TensorPrimitives.Dot", TensorPrimitives.Dot),
            ("VectorMath.Dot (dispatch)", VectorMath.Dot),
            ("Dot512", (a, b) => VectorMath.Dot512(ref Unsafe.AsRef(in a[0]), ref Unsafe.AsRef(in b[0]), (nuint)a.Length)),
            ("Dot256", (a, b) => VectorMath.Dot256(ref Unsafe.AsRef(in a[0]), ref Unsafe.AsRef(in b[0]), (nuint)a.Length)),
        ];
        Console.WriteLine("kernel,dim,ns_cached_pair,ns_random_rows");
        foreach (var (name, kernel) in kernels)
        {
            Time(kernel, ds, cached: true);
            var cached = Time(kernel, ds, cached: true);
            var random = Time(kernel, ds, cached: false);
            Console.WriteLine($"{name},{ds.Dim},{cached:F2},{random:F2}");
        }
        return 0;
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
}
