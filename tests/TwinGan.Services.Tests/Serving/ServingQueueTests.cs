using Grpc.Core;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Model.Options;
using TwinGan.Testing;

namespace TwinGan.Services.Tests.Serving;

/// <summary>
/// The Translator's bounded queue and deadlines over real sockets. Each test holds the batcher at a known point
/// instead of racing it: a forward pass that takes seconds (full queue), or a batch waiting for company longer
/// than the request's deadline (expired request); the metrics say what was computed.
/// </summary>
public sealed class ServingQueueTests
{
    private static readonly (string, string) Queue = ("queue", "translate");

    private static Task<HostProcess> StartAsync(PublishedModels models, params string[] args) =>
        models.StartTranslatorAsync(TimeSpan.FromSeconds(180), ["--Models:Default=faces", "--Serving:CalibrateBatchSize=false", .. args]);

    private static TranslateRequest Request(byte seed = 0) => new() { Image = TestImages.Png(16, 16, seed), SourceDomain = "photo", TargetDomain = "anime" };

    private static async Task<StatusCode> StatusOfAsync(Task call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    [Fact]
    public async Task Translate_QueueFull_ResourceExhaustedAtOnce()
    {
        using var models = new PublishedModels();
        // 128 px with the full channel plan on one LibTorch thread: one translation keeps the model thread busy for seconds.
        await models.AddAsync("v1", seed: 1, resolution: 128, channels: ChannelPlan.Original);
        await using var host = await StartAsync(models, "--Serving:MaxBatchSize=1", "--Serving:MaxQueueLength=1", "--Serving:TorchThreads=1");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var running = client.TranslateAsync(Request()).ResponseAsync;
        // The batcher records a request's queue time when it takes it off the queue, just before its forward pass.
        await PrometheusMetrics.ScrapeUntilAsync(host, m => m.Value("twingan_serving_queue_time_milliseconds_count", Queue) >= 1, TimeSpan.FromSeconds(60));
        var more = Enumerable.Range(1, 3).Select(i => client.TranslateAsync(Request((byte)i)).ResponseAsync).ToList();
        var firstAnswer = await Task.WhenAny(more);
        var runningAtFirstAnswer = !running.IsCompleted;
        var statuses = await Task.WhenAll(more.Select(StatusOfAsync));
        await running;

        Assert.True(runningAtFirstAnswer, "the first refusal came only after the running forward pass ended");
        Assert.Equal(StatusCode.ResourceExhausted, await StatusOfAsync(firstAnswer));
        var refusal = await Assert.ThrowsAsync<RpcException>(() => firstAnswer);
        Assert.Contains("translate queue is full (1 requests waiting)", refusal.Status.Detail);
        Assert.All(statuses, s => Assert.True(s is StatusCode.OK or StatusCode.ResourceExhausted, $"{s}"));
        var refused = statuses.Count(s => s == StatusCode.ResourceExhausted);
        var m = await PrometheusMetrics.ScrapeUntilAsync(host, m => m.Value("twingan_serving_rejected_total", Queue) >= refused);
        Assert.Equal(refused, m.Value("twingan_serving_rejected_total", Queue));
        Assert.Equal(1 + more.Count - refused, m.Value("twingan_serving_batch_size_sum", Queue));
    }

    [Fact]
    public async Task Translate_DeadlinePassesWhileQueued_DeadlineExceededAndNotComputed()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        // A lone request waits the full second for company; its 500 ms deadline passes while it is queued.
        await using var host = await StartAsync(models, "--Serving:MaxQueueDelayMilliseconds=1000");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        await client.TranslateAsync(Request());
        var before = await PrometheusMetrics.ScrapeUntilAsync(host, m => m.Value("twingan_serving_batch_size_sum", Queue) >= 1);

        var expired = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.TranslateAsync(Request(1), deadline: DateTime.UtcNow.AddMilliseconds(500)));
        var after = await PrometheusMetrics.ScrapeUntilAsync(host, m => m.Value("twingan_serving_dropped_total", Queue) >= 1);

        Assert.True(expired.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled, $"{expired.StatusCode}");
        Assert.Equal(0, before.Value("twingan_serving_dropped_total", Queue));
        Assert.Equal(1, after.Value("twingan_serving_dropped_total", Queue));
        Assert.Equal(1, after.Value("twingan_serving_batch_size_sum", Queue));
        Assert.Equal(1, after.Value("twingan_serving_queue_time_milliseconds_count", Queue));
        Assert.NotEmpty((await client.TranslateAsync(Request(2))).Image.Data);
    }
}
