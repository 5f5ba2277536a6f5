using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TwinGan.ServiceDefaults.Storage;

/// <summary>The one shared <see cref="IConnectionMultiplexer"/> of a process (never one per request).</summary>
public static class RedisConnection
{
    /// <summary>
    /// Connects without aborting when Redis is down at start: the multiplexer keeps retrying in the background,
    /// readiness reports the outage, and calls fail fast with a clear error instead of the process crashing.
    /// </summary>
    public static IConnectionMultiplexer Create(RedisStorageOptions options)
    {
        var config = ConfigurationOptions.Parse(options.Configuration);
        config.AbortOnConnectFail = false;
        // While disconnected, commands fail at once (callers answer Unavailable) instead of queueing until a timeout.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ConnectTimeout = Math.Min(config.ConnectTimeout, 5000);
        config.ClientName ??= $"twingan-{Environment.MachineName}";
        return ConnectionMultiplexer.Connect(config);
    }

    internal static void Register(IServiceCollection services) =>
        services.AddSingleton<IConnectionMultiplexer>(sp => Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Redis));

    internal static async Task<HealthCheckResult> ProbeAsync(IServiceProvider services, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var mux = services.GetRequiredService<IConnectionMultiplexer>();
            var ping = await mux.GetDatabase().PingAsync().WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy($"redis answered PING in {ping.TotalMilliseconds:F1} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"redis is unreachable: {e.GetType().Name}");
        }
    }
}
