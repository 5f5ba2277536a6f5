using System.Diagnostics;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Hnsw;

namespace TwinGan.Benchmarks.Load;

/// <summary>The measured phases: in-process single thread, gRPC closed loop at a concurrency, gRPC paced at a rate.</summary>
internal static class Measure
{
    public static Latencies InProcess(HnswIndex<string> index, float[][] queries, int k, int ef, int seconds)
    {
        var hits = new Neighbor<string>[k];
        for (var i = 0; i < Math.Min(200, queries.Length); i++) index.Search(queries[i], hits, ef);
        var millis = new List<double>(queries.Length);
        var total = Stopwatch.StartNew();
        for (var i = 0; total.Elapsed.TotalSeconds < seconds && i < queries.Length * 10; i++)
        {
            var start = Stopwatch.GetTimestamp();
            index.Search(queries[i % queries.Length], hits, ef);
            millis.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return Latencies.From("in-process HnswIndex, 1 thread", millis, total.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// <paramref name="concurrency"/> workers each send the next query when the previous answers (rate 0), or at a
    /// fixed overall rate; stops after <paramref name="seconds"/> or 20 passes over the queries.
    /// </summary>
    public static async Task<Latencies> GrpcAsync(
        SearchService.SearchServiceClient[] clients, float[][] queries, int k, int ef, int concurrency, int seconds, double rate)
    {
        var requests = queries.Select(q =>
        {
            var e = new Embedding { Layout = EmbeddingLayout.Pooled };
            e.Values.AddRange(q);
            return new FindTwinsRequest { Embedding = e, K = k, Ef = ef, TargetDomain = "anime" };
        }).ToArray();
        for (var i = 0; i < 200; i++) await clients[i % clients.Length].FindTwinsAsync(requests[i % requests.Length]);
        var limit = requests.Length * 20;
        var next = -1;
        var millis = new List<double>();
        var total = Stopwatch.StartNew();
        var interval = rate > 0 ? 1000.0 / rate : 0;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (total.Elapsed.TotalSeconds < seconds)
            {
                var n = Interlocked.Increment(ref next);
                if (n >= limit) break;
                if (interval > 0)
                {
                    var due = n * interval - total.Elapsed.TotalMilliseconds;
                    if (due > 0) await Task.Delay(TimeSpan.FromMilliseconds(due));
                }
                var start = Stopwatch.GetTimestamp();
                await clients[n % clients.Length].FindTwinsAsync(requests[n % requests.Length], deadline: DateTime.UtcNow.AddSeconds(5));
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return mine;
        })).ToArray();
        foreach (var w in await Task.WhenAll(workers)) millis.AddRange(w);
        var name = (rate > 0 ? $"gRPC FindTwins, paced at {rate:F0}/s (half of peak), 8 workers" : $"gRPC FindTwins, {concurrency} in flight") +
            (clients.Length > 1 ? $", {clients.Length} channels" : "");
        return Latencies.From(name, millis, total.Elapsed.TotalSeconds);
    }
}
