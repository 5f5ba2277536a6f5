using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace TwinGan.ServiceDefaults.Storage;

/// <summary>Readiness of the configured storage provider: the file root is writable, or Redis answers PING.</summary>
internal sealed class StorageHealthCheck(IOptions<StorageOptions> options, IServiceProvider services) : IHealthCheck
{
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        return o.Provider == StorageProvider.Redis
            ? await RedisConnection.ProbeAsync(services, RedisTimeout, cancellationToken)
            : FileStorage.Probe(o.File.Root);
    }
}
