using TwinGan.Model.Training;

namespace TwinGan.Training;

/// <summary>A progress report of a running training run.</summary>
/// <param name="State">Progressive state after the last step (resolution, phase, alpha, images, steps).</param>
/// <param name="TargetImages">Images at which the run completes (<see cref="RunSpec.TargetImages"/>).</param>
/// <param name="ImagesPerSecond">Throughput since the previous report (both domains' batches count once, as in
/// <see cref="ProgressState.ImagesSeen"/>).</param>
/// <param name="Eta">Time to <paramref name="TargetImages"/> at the current throughput; null while unknown.</param>
/// <param name="Losses">Every loss averaged over the steps since the previous report, by hierarchical name
/// (<c>Loss/G/recon/photo</c>, <c>Loss/D/gp/anime</c>, ...).</param>
/// <param name="SkippedImages">Training images skipped as undecodable so far in the run.</param>
public sealed record TrainingProgress(
    ProgressState State,
    long TargetImages,
    double ImagesPerSecond,
    TimeSpan? Eta,
    IReadOnlyDictionary<string, double> Losses,
    long SkippedImages);

/// <summary>A checkpoint of a run: <c>checkpoints/&lt;Id&gt;/</c>.</summary>
/// <param name="Id">Images seen at the checkpoint, zero-padded to 12 digits, so ids sort chronologically.</param>
/// <param name="Directory">Full path of the checkpoint directory (what <see cref="TrainingRun.ExportModel"/> takes).</param>
/// <param name="State">Progressive state at the checkpoint.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="IsFinal">Written when the run completed (not at an interval, a cancellation or a time limit).</param>
public sealed record CheckpointInfo(string Id, string Directory, ProgressState State, DateTimeOffset CreatedAt, bool IsFinal);

/// <summary>How <see cref="TrainingRun.RunAsync"/> ended.</summary>
public enum RunOutcome
{
    /// <summary>The target number of images was reached; a final checkpoint was written.</summary>
    Completed,

    /// <summary>Cancellation was requested; the run stopped after the current step and wrote a checkpoint.</summary>
    Cancelled,

    /// <summary><see cref="RunSpec.MaxDuration"/> elapsed; a checkpoint was written, the run can be resumed.</summary>
    TimeLimitReached,
}

/// <summary>The end of <see cref="TrainingRun.RunAsync"/>.</summary>
public sealed record RunResult(RunOutcome Outcome, ProgressState State, CheckpointInfo? LatestCheckpoint);
