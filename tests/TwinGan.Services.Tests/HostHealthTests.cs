using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests;

/// <summary>Each service host, started as a real process, answers grpc.health.v1 over a loopback socket.</summary>
public sealed class HostHealthTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("Translator", "twingan.translator.v1.TranslatorService", ServingStatus.NotServing)]
    [InlineData("Embedder", "twingan.embedder.v1.EmbedderService", ServingStatus.NotServing)]
    [InlineData("Search", "twingan.search.v1.SearchService", ServingStatus.Serving)]
    [InlineData("Trainer", "twingan.trainer.v1.TrainerService", ServingStatus.Serving)]
    public async Task Health_FreshHostWithFileStorage_ReportsReadinessOfItsService(string service, string serviceName, ServingStatus expected)
    {
        await using var host = await HostProcess.StartServiceAsync(service);

        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "liveness"));
        Assert.Equal(expected, await HealthProbe.WaitForAsync(host.Channel, serviceName, expected, Settle));
        Assert.Equal(expected, await HealthProbe.WaitForAsync(host.Channel, "", expected, Settle));
    }

    [Fact]
    public async Task Health_UnknownServiceName_ReturnsNotFound()
    {
        await using var host = await HostProcess.StartServiceAsync("Search");

        var error = await HealthProbe.ThrowsRpcAsync(() => HealthProbe.CheckAsync(host.Channel, "twingan.nothing.v1.Nope"));

        Assert.Equal(Grpc.Core.StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Health_EmbeddedHost_ServesEveryServiceOnOnePort()
    {
        await using var host = await HostProcess.StartEmbeddedAsync();

        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, "twingan.search.v1.SearchService", ServingStatus.Serving, Settle));
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, "twingan.trainer.v1.TrainerService", ServingStatus.Serving, Settle));
        Assert.Equal(ServingStatus.NotServing, await HealthProbe.CheckAsync(host.Channel, "twingan.translator.v1.TranslatorService"));
        Assert.Equal(ServingStatus.NotServing, await HealthProbe.CheckAsync(host.Channel, "twingan.embedder.v1.EmbedderService"));
        Assert.Equal(ServingStatus.NotServing, await HealthProbe.CheckAsync(host.Channel, ""));
    }
}
