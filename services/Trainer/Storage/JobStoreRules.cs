using Google.Protobuf.WellKnownTypes;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Trainer.Storage;

/// <summary>What both providers do the same way: numbering events and telling active jobs from the rest.</summary>
internal static class JobStoreRules
{
    /// <summary>Gives the update's events the job id, the time and consecutive sequences after the job's last one.</summary>
    public static (IReadOnlyList<JobEvent> Events, long LastSequence) Number(string jobId, long lastSequence, IReadOnlyList<JobEvent> events)
    {
        var now = Timestamp.FromDateTime(DateTime.UtcNow);
        var numbered = new List<JobEvent>(events.Count);
        foreach (var e in events)
        {
            var copy = e.Clone();
            copy.JobId = jobId;
            copy.Sequence = ++lastSequence;
            copy.Time ??= now;
            numbered.Add(copy);
        }
        return (numbered, lastSequence);
    }

    /// <summary>RUNNING and CANCELLING jobs hold a worker's lease.</summary>
    public static bool IsActive(JobState state) => state is JobState.Running or JobState.Cancelling;

    public static bool IsTerminal(JobState state) =>
        state is JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.Interrupted;

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
