using Microsoft.Extensions.Hosting;

namespace TwinGan.ServiceDefaults.Health;

/// <summary>
/// For a service whose only start-up dependency is the storage provider (already gated by the shared storage
/// check): it becomes ready once the host has started.
/// </summary>
internal sealed class MarkReadyOnStart(ServiceReadiness readiness, string serviceName) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        readiness.MarkReady(serviceName);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        readiness.MarkNotReady(serviceName, "the host is shutting down");
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
