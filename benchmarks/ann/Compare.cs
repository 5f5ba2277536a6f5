using System.Diagnostics;
using System.Globalization;
using TwinGan.Hnsw;

namespace TwinGan.Benchmarks.Ann;

/// <summary>Build with one thread, then per ef: recall@10, single-thread QPS and batch QPS, printed as bench.mjs's CSV.</summary>
internal static class Compare
{
    private const int K = 10;
    private const int Reps = 3;
    private const string Header = "library,version,dataset,n_base,dim,metric,M,ef_construction,threads,build_s,build_cpu_per_wall,"
        + "rss_data_mb,rss_after_build_mb,index_rss_mb,index_file_mb,ef_search,k,recall_at_10,qps,query_cpu_per_wall,qps_batch,recall_at_10_batch";

    public static int Run(Dataset ds, Settings settings)
    {
        var rss0 = Measure.SettledRss();
        var options = new HnswOptions { M = settings.M, EfConstruction = settings.EfConstruction, InitialCapacity = ds.N, Seed = 100 };
        using var index = new HnswIndex<long>(ds.Dim, ds.Metric, options);
        var cpu0 = Measure.CpuTime();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < ds.N; i++)
            index.Add(i, ds.Row(i));
        var buildSeconds = watch.Elapsed.TotalSeconds;
        var buildCpu = (Measure.CpuTime() - cpu0).TotalSeconds / buildSeconds;
        var rss1 = Measure.SettledRss();
        var fileBytes = FileSize(index);

        var cores = Environment.ProcessorCount;
        Console.WriteLine(Header);
        foreach (var ef in settings.Efs)
        {
            var (recall, qps, queryCpu) = SingleThread(index, ds, ef);
            var (batchRecall, batchQps) = settings.Batch ? Batch(index, ds, ef) : (double.NaN, double.NaN);
            string[] row =
            [
                "twingan-hnsw", $"{typeof(HnswIndex<>).Assembly.GetName().Version} .NET {Environment.Version}", ds.Name,
                I(ds.N), I(ds.Dim), ds.MetricName, I(settings.M), I(settings.EfConstruction), $"1 (batch: {cores} cores)",
                F(buildSeconds, 2), F(buildCpu, 2), I(Measure.Mb(rss0)), I(Measure.Mb(rss1)), I(Measure.Mb(rss1 - rss0)),
                I(Measure.Mb(fileBytes)), I(ef), I(K), F(recall, 4), I((long)Math.Round(qps)), F(queryCpu, 2),
                double.IsNaN(batchQps) ? "" : I((long)Math.Round(batchQps)), double.IsNaN(batchRecall) ? "" : F(batchRecall, 4),
            ];
            Console.WriteLine(string.Join(',', row.Select(Csv)));
            Console.Error.WriteLine($"twingan-hnsw {ds.Name} build {buildSeconds:F2}s rss {Measure.Mb(rss1 - rss0)}MB ef {ef,3} "
                + $"recall {recall:F4} qps {qps:F0} batch {batchQps:F0}");
        }
        return 0;
    }

    private static (double Recall, double Qps, double CpuPerWall) SingleThread(HnswIndex<long> index, Dataset ds, int ef)
    {
        var results = new Neighbor<long>[K];
        var hits = 0;
        for (var q = 0; q < ds.Nq; q++)
        {
            var found = index.Search(ds.Query(q), results, ef);
            hits += ds.Hits(q, results.AsSpan(0, found), K);
        }
        var times = new List<double>();
        var cpu0 = Measure.CpuTime();
        var wall = Stopwatch.StartNew();
        for (var r = 0; r < Reps; r++)
        {
            var pass = Stopwatch.StartNew();
            for (var q = 0; q < ds.Nq; q++)
                index.Search(ds.Query(q), results, ef);
            times.Add(pass.Elapsed.TotalSeconds);
        }
        var cpu = (Measure.CpuTime() - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds;
        return ((double)hits / (ds.Nq * K), ds.Nq / Measure.Median(times), cpu);
    }

    private static (double Recall, double Qps) Batch(HnswIndex<long> index, Dataset ds, int ef)
    {
        var first = index.SearchBatch(ds.Queries, K, ef);
        var hits = 0;
        for (var q = 0; q < ds.Nq; q++)
            hits += ds.Hits(q, first[q], K);
        var times = new List<double>();
        for (var r = 0; r < Reps; r++)
        {
            var pass = Stopwatch.StartNew();
            index.SearchBatch(ds.Queries, K, ef);
            times.Add(pass.Elapsed.TotalSeconds);
        }
        return ((double)hits / (ds.Nq * K), ds.Nq / Measure.Median(times));
    }

    private static long FileSize(HnswIndex<long> index)
    {
        var path = Path.Combine(Path.GetTempPath(), $"twingan-hnsw-{Environment.ProcessId}.idx");
        try
        {
            index.Save(path);
            return new FileInfo(path).Length;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value, int digits) => value.ToString("F" + digits, CultureInfo.InvariantCulture);

    private static string Csv(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
}
