using System.Diagnostics;
using Google.Protobuf;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Benchmarks.Serving;

internal sealed record LoadResult(double ImagesPerSecond, double P50, double P99);

/// <summary>
/// A Translator process on loopback and <c>clients</c> concurrent unary callers for a fixed time (bounded in time
/// and, per client, in requests). Images are encoded at the model's size so decoding costs what a client sends.
/// </summary>
internal static class GrpcLoad
{
    private const int MaxRequestsPerClient = 100_000;

    /// <summary>Batches of at most <paramref name="maxBatch"/> (no calibration in the server, so both sides of a comparison use the same size).</summary>
    public static async Task<LoadResult> MeasureAsync(string dataDir, int size, int maxBatch, int clients, double seconds)
    {
        await using var host = await HostProcess.StartServiceInAsync("Translator", dataDir,
            "--Models:Default=bench", $"--Serving:MaxBatchSize={maxBatch}", "--Serving:MaxQueueDelayMilliseconds=5",
            "--Serving:CalibrateBatchSize=false");
        await WaitUntilServingAsync(host);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        var request = new TranslateRequest
        {
            Image = new Image { Data = ByteString.CopyFrom(ImageCodec.Encode(Images.Random(size, 2), EncodedImageFormat.Png)), MediaType = "image/png" },
            SourceDomain = "photo",
            TargetDomain = "anime",
        };
        await client.TranslateAsync(request);
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            for (var i = 0; i < MaxRequestsPerClient && clock.Elapsed.TotalSeconds < seconds; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await client.TranslateAsync(request);
                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
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
