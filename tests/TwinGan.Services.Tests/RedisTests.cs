using StackExchange.Redis;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests;

/// <summary>The Redis storage provider against the real redis-server that test.sh starts.</summary>
public sealed class RedisTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    [RedisFact]
    public async Task SetGet_RealServer_RoundTrips()
    {
        await using var mux = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());
        var db = mux.GetDatabase();
        var key = $"twingan:test:{Guid.NewGuid():N}";

        await db.StringSetAsync(key, "anime twin", TimeSpan.FromMinutes(1));

        Assert.Equal("anime twin", (string?)await db.StringGetAsync(key));
        Assert.True(await db.KeyDeleteAsync(key));
    }

    [RedisFact]
    public async Task Health_SearchWithRedisProvider_IsServing()
    {
        await using var host = await HostProcess.StartServiceAsync("Search",
            "--Storage:Provider=Redis", $"--Storage:Redis:Configuration={RedisFactAttribute.RequireAddress()}");

        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, "twingan.search.v1.SearchService", ServingStatus.Serving, Settle));
    }

    [Fact]
    public async Task Health_RedisUnreachable_ProcessLivesButServiceIsNotServing()
    {
        var closedPort = FreePort.Next();
        await using var host = await HostProcess.StartServiceAsync("Search",
            "--Storage:Provider=Redis", $"--Storage:Redis:Configuration=127.0.0.1:{closedPort},connectTimeout=500");

        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "liveness"));
        Assert.Equal(ServingStatus.NotServing, await HealthProbe.CheckAsync(host.Channel, "twingan.search.v1.SearchService"));
    }

    [Fact]
    public async Task Start_RedisProviderWithoutConfiguration_ExitsWithClearMessage()
    {
        var (exitCode, output) = await HostProcess.RunToExitAsync("Search",
            $"--Server:Port={FreePort.Next()}", "--Server:MetricsPort=0", "--Storage:Provider=Redis");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Storage:Redis:Configuration must be set", output);
    }
}
