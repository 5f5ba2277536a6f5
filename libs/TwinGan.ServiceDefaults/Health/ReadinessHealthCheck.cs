using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TwinGan.ServiceDefaults.Health;

/// <summary>Reports one service's readiness as recorded in <see cref="ServiceReadiness"/>.</summary>
internal sealed class ReadinessHealthCheck(ServiceReadiness readiness, string serviceName) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var reason = readiness.NotReadyReason(serviceName);
        return Task.FromResult(reason is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(reason));
    }
}
