using System.Collections.Concurrent;

namespace TwinGan.ServiceDefaults.Health;

/// <summary>
/// Readiness of each gRPC service hosted by this process, keyed by its full proto name
/// (e.g. <c>twingan.translator.v1.TranslatorService</c>). A service starts not ready with a reason and its own
/// start-up work (model loaded and warmed, index loaded…) marks it ready. <see cref="ReadinessHealthCheck"/>
/// turns this into <c>grpc.health.v1</c> answers.
/// </summary>
public sealed class ServiceReadiness
{
    private readonly ConcurrentDictionary<string, string?> _notReadyReasons = new(StringComparer.Ordinal);

    /// <summary>Declares a hosted service; it answers NOT_SERVING with <paramref name="reason"/> until marked ready.</summary>
    public void Declare(string serviceName, string reason) => _notReadyReasons.TryAdd(serviceName, reason);

    public void MarkReady(string serviceName) => _notReadyReasons[serviceName] = null;

    public void MarkNotReady(string serviceName, string reason) => _notReadyReasons[serviceName] = reason;

    /// <summary>Null when ready; otherwise why not (unknown services are not ready).</summary>
    public string? NotReadyReason(string serviceName) =>
        _notReadyReasons.TryGetValue(serviceName, out var reason) ? reason : $"{serviceName} is not hosted by this process.";

    public IReadOnlyCollection<string> Services => _notReadyReasons.Keys.ToArray();
}
