using TwinGan.Testing;

namespace TwinGan.Services.Tests;

/// <summary>Prometheus scrapes each host over HTTP/1.1 on the metrics port.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_AfterGrpcCalls_ExposesServerRequestDuration()
    {
        await using var host = await HostProcess.StartServiceAsync("Search");
        await HealthProbe.CheckAsync(host.Channel, "liveness");

        var metrics = await PrometheusMetrics.ScrapeUntilAsync(host, m => m.Samples("http_server_request_duration_seconds_count").Count > 0, TimeSpan.FromSeconds(5));

        Assert.Contains("# TYPE", metrics.Text);
        Assert.Contains("http_server_request_duration", metrics.Text);
    }
}
