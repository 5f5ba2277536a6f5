using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Testing;

namespace TwinGan.Services.Tests.Serving;

/// <summary>The serving metrics of a Translator process as Prometheus scrapes them, after real requests.</summary>
public sealed class ServingMetricsTests
{
    private const int Requests = 3;
    private static readonly (string, string) Queue = ("queue", "translate");
    private static readonly (string, string) TranslateRoute = ("http_route", "/twingan.translator.v1.TranslatorService/Translate");

    [Fact]
    public async Task Metrics_AfterTranslations_RequestsQueueComputeBatchAndLoadedVersion()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await models.AddAsync("v2", seed: 2, publish: false);
        await using var host = await models.StartTranslatorAsync(TimeSpan.FromSeconds(60), "--Models:Default=faces");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        for (var i = 0; i < Requests; i++)
            await client.TranslateAsync(new TranslateRequest { Image = TestImages.Png(16, 16, (byte)i), SourceDomain = "photo", TargetDomain = "anime" });
        var m = await PrometheusMetrics.ScrapeUntilAsync(host, m =>
            m.Value("http_server_request_duration_seconds_count", TranslateRoute) >= Requests && m.Value("twingan_serving_batch_size_sum", Queue) >= Requests);

        Assert.Equal(Requests, m.Value("http_server_request_duration_seconds_count", TranslateRoute));
        Assert.InRange(m.Value("http_server_request_duration_seconds_sum", TranslateRoute), 1e-6, 60);
        Assert.Equal(Requests, m.Value("twingan_serving_queue_time_milliseconds_count", Queue));
        Assert.InRange(m.Value("twingan_serving_queue_time_milliseconds_sum", Queue), 0, Requests * 1000);
        var batches = m.Value("twingan_serving_batch_size_count", Queue);
        Assert.InRange(batches, 1, Requests);
        Assert.Equal(Requests, m.Value("twingan_serving_batch_size_sum", Queue));
        Assert.Equal(batches, m.Value("twingan_serving_compute_time_milliseconds_count", Queue));
        Assert.InRange(m.Value("twingan_serving_compute_time_milliseconds_sum", Queue), 1e-3, Requests * 10_000);
        Assert.Equal([("faces", "v1", "true", 1.0)], LoadedVersions(m));

        await models.Registry.SetCurrentVersionAsync(PublishedModels.Name, "v2");
        m = await PrometheusMetrics.ScrapeUntilAsync(host, m => LoadedVersions(m).Count == 2, TimeSpan.FromSeconds(60));

        Assert.Equal([("faces", "v1", "false", 1.0), ("faces", "v2", "true", 1.0)], LoadedVersions(m));
    }

    private static List<(string Model, string Version, string Current, double Value)> LoadedVersions(PrometheusMetrics m) =>
        [.. m.Samples("twingan_serving_model_loaded").Select(s => (s.Labels["model"], s.Labels["version"], s.Labels["current"], s.Value)).Order()];
}
