using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using TwinGan.Hnsw;
using TwinGan.Hnsw.Internal;

namespace TwinGan.Benchmarks.Ann;

/// <summary>
/// Search-only measurement for A/B runs between builds: loads a saved index (or builds one and saves it with
/// <c>--save</c>), so every build under test searches the identical graph; then per ef recall@10, distance computations
/// per query (a counting kernel, upper-layer descent included, like hnswlib_count) and single-thread QPS over
/// <c>--rounds</c> passes (median, min, max).
/// </summary>
internal static class QpsRounds
{
    private const int K = 10;

    public static int Run(Dataset ds, Settings settings)
    {
        using var index = Open(ds, settings);
        Console.WriteLine("label,ef,recall_at_10,dist_per_query,qps_median,qps_min,qps_max,query_cpu_per_wall");
        var results = new Neighbor<long>[K];
        foreach (var ef in settings.Efs)
        {
            var hits = 0;
            for (var q = 0; q < ds.Nq; q++)
                hits += ds.Hits(q, results.AsSpan(0, index.Search(ds.Query(q), results, ef)), K);
            var distances = CountDistances(index, ds, ef);
            var times = new List<double>();
            var cpu0 = Measure.CpuTime();
            var wall = Stopwatch.StartNew();
            for (var r = 0; r < settings.Rounds; r++)
            {
                var pass = Stopwatch.StartNew();
                for (var q = 0; q < ds.Nq; q++)
                    index.Search(ds.Query(q), results, ef);
                times.Add(ds.Nq / pass.Elapsed.TotalSeconds);
            }
            var cpu = (Measure.CpuTime() - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds;
            Console.WriteLine(string.Join(',', settings.Label, I(ef), F((double)hits / (ds.Nq * K), 4), F(distances, 1),
                I((long)Measure.Median(times)), I((long)times.Min()), I((long)times.Max()), F(cpu, 2)));
        }
        if (File.Exists("/proc/self/smaps_rollup"))
            Console.Error.WriteLine(File.ReadLines("/proc/self/smaps_rollup").FirstOrDefault(l => l.StartsWith("AnonHugePages", StringComparison.Ordinal)));
        return 0;
    }

    private static HnswIndex<long> Open(Dataset ds, Settings settings)
    {
        if (settings.Load is not null)
            return HnswIndex.Load<long>(settings.Load, new HnswLoadOptions { Dimension = ds.Dim, Metric = ds.Metric });
        var options = new HnswOptions { M = settings.M, EfConstruction = settings.EfConstruction, InitialCapacity = ds.N, Seed = 100 };
        var index = new HnswIndex<long>(ds.Dim, ds.Metric, options);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < ds.N; i++)
            index.Add(i, ds.Row(i));
        Console.Error.WriteLine($"built {ds.N} in {watch.Elapsed.TotalSeconds:F2} s");
        if (settings.Save is not null)
            index.Save(settings.Save);
        return index;
    }

    private static double CountDistances(HnswIndex<long> index, Dataset ds, int ef)
    {
        Span<int> ids = stackalloc int[K];
        Span<float> distances = stackalloc float[K];
        Counter.Calls = 0;
        for (var q = 0; q < ds.Nq; q++)
        {
            if (ds.Metric == DistanceMetric.L2)
                index.Graph.SearchWithKernel<CountingL2>(ds.Query(q), ef, ids, distances);
            else
                index.Graph.SearchWithKernel<CountingDot>(ds.Query(q), ef, ids, distances);
        }
        return (double)Counter.Calls / ds.Nq;
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value, int digits) => value.ToString("F" + digits, CultureInfo.InvariantCulture);

    private static class Counter
    {
        public static long Calls;
    }

    private readonly struct CountingDot : IDistance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Compute(ref float a, ref float b, int dimension)
        {
            Counter.Calls++;
            return DotDistance.Compute(ref a, ref b, dimension);
        }
    }

    private readonly struct CountingL2 : IDistance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Compute(ref float a, ref float b, int dimension)
        {
            Counter.Calls++;
            return L2Distance.Compute(ref a, ref b, dimension);
        }
    }
}
