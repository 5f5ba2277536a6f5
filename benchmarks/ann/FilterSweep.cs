using System.Diagnostics;
using TwinGan.Hnsw;

namespace TwinGan.Benchmarks.Ann;

/// <summary>
/// Measures where filtered graph search stops paying off: for each selectivity, recall@10 and QPS of the graph walk
/// (threshold forced to 0) against the exact scan of the allowed set (threshold forced above 1).
/// </summary>
internal static class FilterSweep
{
    private const int K = 10;

    public static int Run(Dataset ds, Settings settings)
    {
        var options = new HnswOptions { M = settings.M, EfConstruction = settings.EfConstruction, InitialCapacity = ds.N };
        using var index = new HnswIndex<long>(ds.Dim, ds.Metric, options);
        for (var i = 0; i < ds.N; i++)
            index.Add(i, ds.Row(i));
        Console.WriteLine("selectivity,ef,graph_recall_at_10,graph_qps,exact_qps");
        foreach (var selectivity in new[] { 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5 })
        {
            var allowed = new bool[ds.N];
            var random = new Random(7);
            for (var i = 0; i < ds.N; i++)
                allowed[i] = random.NextDouble() < selectivity;
            bool Filter(int id) => allowed[id];
            foreach (var ef in settings.Efs)
            {
                var (exactIds, exactQps) = Run(index, ds, ef, Filter, threshold: 2.0);
                var (graphIds, graphQps) = Run(index, ds, ef, Filter, threshold: 0.0);
                var hits = 0;
                for (var q = 0; q < ds.Nq; q++)
                {
                    var truth = exactIds[q];
                    hits += graphIds[q].Count(truth.Contains);
                }
                var total = exactIds.Sum(t => t.Length);
                Console.WriteLine($"{selectivity},{ef},{(double)hits / total:F4},{graphQps:F0},{exactQps:F0}");
            }
        }
        return 0;
    }

    private static (int[][] Ids, double Qps) Run(HnswIndex<long> index, Dataset ds, int ef, Func<int, bool> filter, double threshold)
    {
        var results = new int[ds.Nq][];
        var ids = new int[K];
        var distances = new float[K];
        var watch = Stopwatch.StartNew();
        for (var q = 0; q < ds.Nq; q++)
        {
            var n = index.Graph.Search(ds.Query(q), ef, filter, threshold, ids, distances);
            results[q] = ids[..n];
        }
        return (results, ds.Nq / watch.Elapsed.TotalSeconds);
    }
}
