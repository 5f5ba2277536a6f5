using TwinGan.Contracts.Trainer.V1;
using TwinGan.Testing;

namespace TwinGan.Trainer.Tests.Infrastructure;

/// <summary>
/// Starts services/Trainer as a process with test timings: one LibTorch thread (the box is shared), short heartbeats
/// and leases, frequent progress, no evaluation unless a test turns it on.
/// </summary>
internal static class TrainerHost
{
    public static readonly string[] TestTimings =
    [
        "--Trainer:TorchThreads=1",
        "--Trainer:HeartbeatInterval=00:00:00.300",
        "--Trainer:LeaseDuration=00:00:02",
        "--Trainer:QueuePollInterval=00:00:00.200",
        "--Trainer:ProgressInterval=00:00:00.200",
        "--Trainer:EvaluateBuiltinJobs=false",
    ];

    public static Task<HostProcess> StartAsync(params string[] extraArgs) =>
        HostProcess.StartServiceAsync("Trainer", [.. TestTimings, .. extraArgs]);

    public static TrainerService.TrainerServiceClient Client(this HostProcess host) => new(host.Channel);
}
