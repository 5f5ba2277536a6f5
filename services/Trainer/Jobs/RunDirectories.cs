using Google.Protobuf.WellKnownTypes;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Model.Training;
using TwinGan.Training;

namespace TwinGan.Trainer.Jobs;

/// <summary>
/// Run directories of jobs, <c>&lt;RunRoot&gt;/&lt;job id&gt;/</c>, and their checkpoints as the contract shows them. A replica
/// that does not share the run root with the one that trained a job sees no run directory; callers then fall back to
/// the checkpoint records in the job store.
/// </summary>
internal sealed class RunDirectories(string runRoot)
{
    public string Root { get; } = Path.GetFullPath(runRoot);

    public string For(string jobId) => Path.Combine(Root, jobId);

    public bool Exists(string jobId) => File.Exists(Path.Combine(For(jobId), RunFiles.Options));

    /// <summary>Checkpoints on disk, newest first; empty when the run directory is not here.</summary>
    public IReadOnlyList<CheckpointInfo> Checkpoints(string jobId)
    {
        var dir = For(jobId);
        if (!Directory.Exists(dir)) return [];
        try
        {
            return [.. TrainingRun.ListCheckpoints(dir).Reverse()];
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // A checkpoint being deleted (keep_checkpoints) or half-written by a killed process: list what is readable.
            return [];
        }
    }

    public static Contracts.Trainer.V1.Checkpoint ToProto(CheckpointInfo info, long totalImages)
    {
        var size = 0L;
        if (Directory.Exists(info.Directory))
        {
            try
            {
                size = new DirectoryInfo(info.Directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            }
            catch (IOException)
            {
                size = 0;
            }
        }
        return new Contracts.Trainer.V1.Checkpoint
        {
            Id = info.Id,
            Progress = Progress(info.State, totalImages),
            CreateTime = Timestamp.FromDateTimeOffset(info.CreatedAt),
            SizeBytes = size,
            IsFinal = info.IsFinal,
        };
    }

    public static JobProgress Progress(ProgressState state, long totalImages) => new()
    {
        Step = state.Steps,
        ImagesSeen = state.ImagesSeen,
        TotalImages = totalImages,
        Resolution = state.Resolution,
        Phase = state.Phase == GrowthPhase.FadeIn ? TrainingPhase.FadeIn : TrainingPhase.Stable,
        Alpha = state.Alpha,
    };
}
