using System.Diagnostics;
using Google.Protobuf;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Benchmarks.Serving;

/// <summary>
/// Where a request's time went, averaged over the measurement: the server's own timings (from each response),
/// the client's latency, how busy the model thread was, and who used the CPU.
/// </summary>
internal sealed record Breakdown(
    double DecodeMs, double QueueMs, double BatchComputeMs, double MeanBatch, double ComputeMsPerImage, double EncodeMs,
    double ServerTotalMs, double ClientLatencyMs, double ModelBusy, double ServerCpuMsPerImage, double ClientCpuMsPerImage, double MachineBusyCores);

internal sealed record LoadResult(double ImagesPerSecond, double P50, double P99, Breakdown Breakdown);

/// <summary>
/// A Translator process on loopback and <c>clients</c> concurrent unary callers for a fixed time (bounded in time
/// and, per client, in requests). The request is encoded once, before the clock starts (a PNG at the model's size, so
/// the server decodes what a client would send); the load tool then only serialises and sends it.
/// </summary>
internal static class GrpcLoad
{
    private const int MaxRequestsPerClient = 100_000;

    /// <summary>
    /// Batches of at most <paramref name="maxBatch"/> (no calibration in the server, so both sides of a comparison use
    /// the same size); <paramref name="serverArgs"/> are added to the Translator's command line.
    /// </summary>
    public static async Task<LoadResult> MeasureAsync(
        string dataDir, int size, int maxBatch, int clients, double warmupSeconds, double seconds, IReadOnlyList<string> serverArgs)
    {
        await using var host = await HostProcess.StartServiceInAsync("Translator", dataDir,
            ["--Models:Default=bench", $"--Serving:MaxBatchSize={maxBatch}", "--Serving:MaxQueueDelayMilliseconds=5",
             "--Serving:CalibrateBatchSize=false", .. serverArgs]);
        await WaitUntilServingAsync(host);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        var request = new TranslateRequest
        {
            Image = new Image { Data = ByteString.CopyFrom(ImageCodec.Encode(Images.Random(size, 2), EncodedImageFormat.Png)), MediaType = "image/png" },
            SourceDomain = "photo",
            TargetDomain = "anime",
        };
        // Warm-up: the same load, not measured. Right after start the JIT is still recompiling the request path at
        // tier 1 on the cores the model needs (a perf profile of an unwarmed 8 s run: JIT threads ~35 % of the machine).
        await RunClientsAsync(client, request, clients, warmupSeconds);
        var cpu = new CpuMeter(host.ProcessId);
        var clock = Stopwatch.StartNew();
        var samples = await RunClientsAsync(client, request, clients, seconds);
        var elapsed = clock.Elapsed.TotalSeconds;
        var used = cpu.Stop();
        var all = samples.SelectMany(s => s).ToList();
        var latencies = all.Select(s => s.Latency).Order().ToArray();
        return new LoadResult(all.Count / elapsed, latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)],
            BreakdownOf(all, elapsed, used));
    }

    /// <summary><paramref name="clients"/> concurrent callers, each sending until <paramref name="seconds"/> have passed.</summary>
    private static async Task<List<(double Latency, ServingTimings Timings)>[]> RunClientsAsync(
        TranslatorService.TranslatorServiceClient client, TranslateRequest request, int clients, double seconds)
    {
        var samples = new List<(double Latency, ServingTimings Timings)>[clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            samples[c] = [];
            for (var i = 0; i < MaxRequestsPerClient && clock.Elapsed.TotalSeconds < seconds; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await client.TranslateAsync(request);
                samples[c].Add((Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.Timings));
            }
        }));
        return samples;
    }

    private static Breakdown BreakdownOf(List<(double Latency, ServingTimings Timings)> all, double elapsed, CpuUse used)
    {
        static double Ms(Google.Protobuf.WellKnownTypes.Duration? d) => d is null ? 0 : d.ToTimeSpan().TotalMilliseconds;
        var timings = all.Select(s => s.Timings).ToList();
        // Each batch's compute is reported by each of its requests: 1/batch of it per request counts it once.
        var modelSeconds = timings.Sum(t => Ms(t.ComputeTime) / Math.Max(1, t.BatchSize)) / 1000;
        return new Breakdown(
            timings.Average(t => Ms(t.DecodeTime)),
            timings.Average(t => Ms(t.QueueTime)),
            timings.Average(t => Ms(t.ComputeTime)),
            timings.Average(t => t.BatchSize),
            modelSeconds * 1000 / all.Count,
            timings.Average(t => Ms(t.EncodeTime)),
            timings.Average(t => Ms(t.TotalTime)),
            all.Average(s => s.Latency),
            modelSeconds / elapsed,
            used.ServerSeconds * 1000 / all.Count,
            used.ThisProcessSeconds * 1000 / all.Count,
            used.MachineBusyCores);
    }

    /// <summary>Health polled for up to 5 minutes; a probe that times out on a loaded machine is retried, not fatal.</summary>
    private static async Task WaitUntilServingAsync(HostProcess host)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await HealthProbe.CheckAsync(host.Channel, "twingan.translator.v1.TranslatorService") == ServingStatus.Serving) return;
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.DeadlineExceeded)
            {
                // The probe's own 10 s deadline passed under load: ask again.
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"Translator not serving:\n{host.Output}");
    }
}
