using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace TwinGan.ServiceDefaults.Health;

/// <summary>
/// Logs a health check only when its status changes (the framework logs every failing check on every poll,
/// which buries a Redis outage under identical lines).
/// </summary>
internal sealed class HealthTransitionLogger(ILogger<HealthTransitionLogger> logger) : IHealthCheckPublisher
{
    private readonly ConcurrentDictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
        {
            var previous = _last.TryGetValue(name, out var p) ? p : (HealthStatus?)null;
            if (previous == entry.Status) continue;
            _last[name] = entry.Status;
            if (entry.Status == HealthStatus.Healthy)
                ServiceLog.HealthRecovered(logger, name);
            else
                ServiceLog.HealthDegraded(logger, name, entry.Status, entry.Description ?? "");
        }
        return Task.CompletedTask;
    }
}
