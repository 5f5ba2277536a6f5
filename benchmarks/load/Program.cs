using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using TwinGan.Benchmarks.Load;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Hnsw;

// Usage: TwinGan.Benchmarks.Load --address http://127.0.0.1:5000 [--items 100000] [--dim 256] [--queries 2000]
//        [--k 10] [--ef 64] [--seconds 10] [--load true] [--channels 1] [--index-cache /tmp/load-index.hnsw]
// Loopback only; every phase is bounded by --seconds and by the query count.
var options = Args.Parse(args);
var address = new Uri(options.Get("address", "http://127.0.0.1:5000"));
if (!address.IsLoopback) throw new ArgumentException("the load tool only targets loopback addresses");
int items = options.Int("items", 100_000), dim = options.Int("dim", 256), queryCount = options.Int("queries", 2000);
int k = options.Int("k", 10), ef = options.Int("ef", 64);
var seconds = options.Int("seconds", 10);
var rows = Data.Clustered(items, dim, clusters: 1000, seed: 1);
var queries = Data.Clustered(queryCount, dim, clusters: 1000, seed: 2);
Console.WriteLine($"items {items} x {dim}, queries {queryCount}, k {k}, ef {ef}, {Environment.ProcessorCount} cores");

using var channel = GrpcChannel.ForAddress(address);
var client = new SearchService.SearchServiceClient(channel);
if (options.Get("load", "true") == "true") await Load.GalleryAsync(client, rows);
var stats = await client.GetStatsAsync(new GetStatsRequest());
Console.WriteLine($"server: {stats.ItemCount} items, dimension {stats.Dimension}, M {stats.IndexParams.M}, efC {stats.IndexParams.EfConstruction}");

// In-process: the same index parameters, built here (or loaded from --index-cache, written on the first run), queried on one thread.
var clock = Stopwatch.StartNew();
using var index = InProcessIndex.BuildOrLoad(options.Get("index-cache", ""), rows, stats.IndexParams);
Console.WriteLine($"in-process index ready in {clock.Elapsed.TotalSeconds:F1} s");
var results = new List<Latencies> { Measure.InProcess(index, queries, k, ef, seconds) };

// Several client channels (HTTP/2 connections), requests spread round-robin: one connection serialises its frames on one socket.
var channelCount = options.Int("channels", 1);
var channels = Enumerable.Range(0, channelCount).Select(_ => GrpcChannel.ForAddress(address)).ToArray();
var clients = channels.Select(c => new SearchService.SearchServiceClient(c)).ToArray();
var peak = 0.0;
foreach (var concurrency in new[] { 1, 2, 4, 8, 16 })
{
    var r = await Measure.GrpcAsync(clients, queries, k, ef, concurrency, seconds, rate: 0);
    results.Add(r);
    peak = Math.Max(peak, r.Qps);
}
results.Add(await Measure.GrpcAsync(clients, queries, k, ef, 8, seconds, rate: peak / 2));
foreach (var c in channels) c.Dispose();

Console.WriteLine("| phase | requests | QPS | p50 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var r in results) Console.WriteLine(r);
var single = results[0].Qps;
Console.WriteLine($"gRPC peak {peak:F0} QPS = {peak / single:F2}x in-process single-thread ({single:F0} QPS); target >= 0.5x");
Console.WriteLine($"p99 at half of peak ({peak / 2:F0} QPS offered): {results[^1].P99Ms:F3} ms; target < 5 ms");

internal static class Load
{
    public static async Task GalleryAsync(SearchService.SearchServiceClient client, float[][] rows)
    {
        var clock = Stopwatch.StartNew();
        using var call = client.UpsertStream(deadline: DateTime.UtcNow.AddMinutes(30));
        var reader = Task.Run(async () =>
        {
            long acked = 0;
            await foreach (var r in call.ResponseStream.ReadAllAsync()) acked += r.Acks.Count(a => a.Result is not null);
            return acked;
        });
        for (var i = 0; i < rows.Length; i++)
        {
            var embedding = new Embedding { Layout = EmbeddingLayout.Pooled };
            embedding.Values.AddRange(rows[i]);
            await call.RequestStream.WriteAsync(new UpsertStreamRequest
            {
                Sequence = (ulong)i + 1, Item = new UpsertItem { Id = $"item-{i}", Domain = "anime", Embedding = embedding },
            });
        }
        await call.RequestStream.CompleteAsync();
        var done = await reader;
        Console.WriteLine($"loaded {done} items over gRPC in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
