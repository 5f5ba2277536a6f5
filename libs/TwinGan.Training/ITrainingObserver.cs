namespace TwinGan.Training;

/// <summary>Severity of a run's log message (kept free of Microsoft.Extensions.Logging; hosts map it).</summary>
public enum TrainingLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}

/// <summary>
/// Callbacks that keep the loop independent of its host (stylegan3's progress/abort callbacks). Called on the
/// training thread, between steps; keep them quick. Every method defaults to doing nothing.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Every <see cref="RunSpec.StatsIntervalImages"/> images, with losses averaged since the last report.</summary>
    void OnProgress(TrainingProgress progress)
    {
    }

    /// <summary>After a checkpoint is complete on disk (atomically moved into <c>checkpoints/</c>).</summary>
    void OnCheckpoint(CheckpointInfo checkpoint)
    {
    }

    /// <summary>After a sample grid PNG is written.</summary>
    void OnSample(string pngPath, long imagesSeen)
    {
    }

    /// <summary>After the evaluator ran and its metrics were appended to <c>evaluation.jsonl</c>.</summary>
    void OnEvaluation(IReadOnlyDictionary<string, double> metrics, long imagesSeen)
    {
    }

    void OnLog(TrainingLogLevel level, string message)
    {
    }

    /// <summary>A training image could not be decoded; it is skipped and counted, never fatal.</summary>
    void OnSkippedImage(string key, string reason)
    {
    }
}
