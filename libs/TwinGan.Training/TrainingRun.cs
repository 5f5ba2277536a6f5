using TwinGan.Model;
using TwinGan.Model.Bundles;

namespace TwinGan.Training;

/// <summary>
/// A training run in its own directory (stylegan3's run dir): created from a <see cref="RunSpec"/> (options.json
/// first), trained by <see cref="RunAsync"/> with checkpoints that resume exactly (same weights, optimiser state,
/// progressive state and data order) after the process is killed, and exported as a served model bundle.
/// </summary>
public sealed class TrainingRun
{
    private readonly string? checkpointDirectory;

    private TrainingRun(string directory, RunSpec spec, string? checkpointDirectory)
    {
        Directory = directory;
        Spec = spec;
        this.checkpointDirectory = checkpointDirectory;
    }

    /// <summary>Full path of the run directory.</summary>
    public string Directory { get; }

    public RunSpec Spec { get; }

    /// <summary>The checkpoint <see cref="RunAsync"/> resumes from; null for a fresh start.</summary>
    public string? ResumeCheckpoint => checkpointDirectory;

    /// <summary>
    /// Validates <paramref name="spec"/> and its datasets (folders exist and hold images, label files parse), then
    /// creates the run directory with options.json written atomically before anything else. Refuses a directory
    /// that exists and is not empty.
    /// </summary>
    public static TrainingRun Create(string runDirectory, RunSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        foreach (var data in spec.Data)
            DomainSources.Check(data, spec);
        var full = Path.GetFullPath(runDirectory);
        if (System.IO.Directory.Exists(full) && System.IO.Directory.EnumerateFileSystemEntries(full).Any())
            throw new IOException($"Run directory '{full}' already exists and is not empty; use TrainingRun.Open to resume it.");
        System.IO.Directory.CreateDirectory(full);
        AtomicFile.WriteAllText(Path.Combine(full, RunFiles.Options), spec.ToJson());
        return new TrainingRun(full, spec, null);
    }

    /// <summary>
    /// Opens an existing run to resume it from its latest checkpoint, or from <paramref name="checkpointId"/>. A run
    /// killed before its first checkpoint starts from scratch. Leftovers of a checkpoint being written when the
    /// process died are removed.
    /// </summary>
    public static TrainingRun Open(string runDirectory, string? checkpointId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        var full = Path.GetFullPath(runDirectory);
        var optionsPath = Path.Combine(full, RunFiles.Options);
        if (!File.Exists(optionsPath))
            throw new FileNotFoundException($"'{full}' is not a training run: {RunFiles.Options} is missing.", optionsPath);
        RunSpec spec;
        try
        {
            spec = RunSpec.FromJson(File.ReadAllText(optionsPath));
            spec.Validate();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            throw new InvalidDataException($"'{optionsPath}' is not a valid run spec: {e.Message}", e);
        }
        CheckpointStore.RemoveLeftovers(full);
        var checkpoints = CheckpointStore.List(full);
        CheckpointInfo? chosen;
        if (checkpointId is null)
        {
            chosen = checkpoints.Count > 0 ? checkpoints[^1] : null;
        }
        else
        {
            chosen = checkpoints.FirstOrDefault(c => c.Id == checkpointId)
                ?? throw new ArgumentException($"Run '{full}' has no checkpoint '{checkpointId}'; it has {(checkpoints.Count == 0 ? "none" : string.Join(", ", checkpoints.Select(c => c.Id)))}.", nameof(checkpointId));
        }
        return new TrainingRun(full, spec, chosen?.Directory);
    }

    /// <summary>
    /// Trains until the target number of images (completed, with a final checkpoint), the time limit or cancellation
    /// (a checkpoint after the current step). Only one process may train in a run directory at a time.
    /// </summary>
    public Task<RunResult> RunAsync(ITrainingObserver? observer, IRunEvaluator? evaluator, CancellationToken ct)
    {
        var loop = new RunLoop(Directory, Spec, checkpointDirectory, observer ?? NullObserver.Instance, evaluator);
        return Task.Run(() => loop.RunAsync(ct), CancellationToken.None);
    }

    /// <summary>The complete checkpoints of a run, oldest first.</summary>
    public static IReadOnlyList<CheckpointInfo> ListCheckpoints(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        return CheckpointStore.List(Path.GetFullPath(runDirectory));
    }

    /// <summary>
    /// Writes the EMA weights of a checkpoint (a <see cref="CheckpointInfo.Directory"/>) as a served model bundle,
    /// which <see cref="TwinGan.Model.Inference.TwinGanInference.Load"/> and the serving hosts load. The checkpoint's
    /// training options are recorded; <see cref="BundleInfo.ParentCheckpoint"/> defaults to the checkpoint id.
    /// </summary>
    public static BundleManifest ExportModel(string checkpointDirectory, string bundleDirectory, BundleInfo info)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(bundleDirectory);
        ArgumentNullException.ThrowIfNull(info);
        // Marked before loading, so a prune by the still-running job cannot delete it from under the export.
        if (System.IO.Directory.Exists(checkpointDirectory))
            CheckpointStore.MarkKept(checkpointDirectory);
        using var guard = TorchGcGuard.Enter();
        var (manifest, model, step) = Checkpoint.Load(CheckpointStore.ModelDirectory(checkpointDirectory));
        using (model)
        using (step)
        {
            var parent = info.ParentCheckpoint ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkpointDirectory)));
            return ModelBundle.Save(bundleDirectory, model, info with { Training = info.Training ?? manifest.Training, ParentCheckpoint = parent });
        }
    }

    private sealed class NullObserver : ITrainingObserver
    {
        public static NullObserver Instance { get; } = new();
    }
}
