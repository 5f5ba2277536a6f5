using System.Globalization;
using System.Text.Json;
using TwinGan.Benchmarks.Ann;
using TwinGan.Hnsw;

// ANN benchmark runner: the same data, parameters, methodology and CSV columns as ../shared/bench/ann/bench.mjs, so
// rows can be compared with hnswlib's directly. Modes: compare (default), kernels, filter, qps (search-only A/B on a
// saved graph: --save FILE once, then --load FILE in every build under test). See benchmarks/RESULTS.md.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: TwinGan.Benchmarks.Ann DATA_DIR DATASET [--mode compare|kernels|filter|qps] [--m 16] [--efc 200] "
        + "[--ef 10,16,32,64,128,256] [--metric ip|cosine|l2] [--no-batch] [--save FILE] [--load FILE] [--rounds 5] [--label NAME]");
    return 2;
}

var settings = Settings.Parse(args);
var dir = Path.Combine(settings.DataDir, settings.Dataset);
var (baseData, n, dim) = VecFile.Read<float>(Path.Combine(dir, "base.fvecs"));
var (queries, nq, queryDim) = VecFile.Read<float>(Path.Combine(dir, "query.fvecs"));
var (gt, _, gtK) = VecFile.Read<int>(Path.Combine(dir, "gt.ivecs"));
if (queryDim != dim)
    throw new InvalidDataException($"query dimension {queryDim} differs from base dimension {dim}");
var metricName = settings.Metric ?? JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "info.json"))).RootElement.GetProperty("metric").GetString()!;
var metric = metricName switch
{
    "ip" => DistanceMetric.InnerProduct,
    "cosine" => DistanceMetric.Cosine,
    "l2" => DistanceMetric.L2,
    _ => throw new ArgumentException($"unknown metric {metricName}"),
};
var data = new Dataset(settings.Dataset, baseData, n, dim, queries, nq, gt, gtK, metric, metricName);

return settings.Mode switch
{
    "kernels" => Kernels.Run(data, settings),
    "filter" => FilterSweep.Run(data, settings),
    "qps" => QpsRounds.Run(data, settings),
    _ => Compare.Run(data, settings),
};

internal sealed record Dataset(
    string Name, float[] Base, int N, int Dim, float[] Queries, int Nq, int[] Gt, int GtK, DistanceMetric Metric, string MetricName)
{
    public ReadOnlySpan<float> Row(int i) => Base.AsSpan(i * Dim, Dim);

    public ReadOnlySpan<float> Query(int i) => Queries.AsSpan(i * Dim, Dim);

    public int Hits(int query, ReadOnlySpan<Neighbor<long>> results, int k)
    {
        var truth = Gt.AsSpan(query * GtK, k);
        var hits = 0;
        foreach (var r in results)
        {
            if (truth.Contains((int)r.Key))
                hits++;
        }
        return hits;
    }
}

internal sealed record Settings(string DataDir, string Dataset, string Mode, int M, int EfConstruction, int[] Efs, string? Metric, bool Batch)
{
    public string? Save { get; init; }

    public string? Load { get; init; }

    public int Rounds { get; init; } = 5;

    public string Label { get; init; } = "twingan-hnsw";

    public static Settings Parse(string[] args)
    {
        var s = new Settings(args[0], args[1], "compare", 16, 200, [10, 16, 32, 64, 128, 256], null, true);
        for (var i = 2; i < args.Length; i++)
        {
            s = args[i] switch
            {
                "--mode" => s with { Mode = args[++i] },
                "--m" => s with { M = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--efc" => s with { EfConstruction = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--ef" => s with { Efs = [.. args[++i].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))] },
                "--metric" => s with { Metric = args[++i] },
                "--no-batch" => s with { Batch = false },
                "--save" => s with { Save = args[++i] },
                "--load" => s with { Load = args[++i] },
                "--rounds" => s with { Rounds = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--label" => s with { Label = args[++i] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return s;
    }
}
