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
        "--Trainer:HeartbeatInterval=00:00:00.500",
        "--Trainer:LeaseDuration=00:00:04",
        "--Trainer:QueuePollInterval=00:00:00.200",
        "--Trainer:ProgressInterval=00:00:00.200",
        "--Trainer:EvaluateBuiltinJobs=false",
    ];

    public static Task<HostProcess> StartAsync(params string[] extraArgs) =>
        HostProcess.StartServiceAsync("Trainer", [.. TestTimings, .. extraArgs]);

    public static TrainerService.TrainerServiceClient Client(this HostProcess host) => new(host.Channel);

    /// <summary>Runs a test body; when it fails, the hosts' last log lines join the failure message.</summary>
    public static async Task DiagnoseAsync(Func<Task> body, params HostProcess[] hosts)
    {
        try
        {
            await body();
        }
        catch (Exception e)
        {
            var logs = string.Join("\n", hosts.Select(h => string.Join("\n", h.Output.Split('\n')
                .Where(l => !l.Contains("NNPACK", StringComparison.Ordinal) && !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).TakeLast(60))));
            throw new InvalidOperationException($"{e.Message}\n--- host output ---\n{logs}", e);
        }
    }
}
