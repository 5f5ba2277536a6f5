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
        using var http = new HttpClient();

        var body = "";
        for (var i = 0; i < 50 && !body.Contains("http_server_request_duration", StringComparison.Ordinal); i++)
        {
            body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{host.MetricsPort}/metrics"));
            await Task.Delay(100);
        }

        Assert.Contains("# TYPE", body);
        Assert.Contains("http_server_request_duration", body);
    }
}
