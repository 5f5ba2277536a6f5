using System.Text.Json;
using TwinGan.Model;
using TwinGan.Model.Bundles;
using TwinGan.Model.Training;

namespace TwinGan.Training;

/// <summary>Where one domain's loader stands: the next batch to read is <see cref="Batch"/> of <see cref="Epoch"/>,
/// with epochs cut into batches of <see cref="BatchSize"/> (a new batch size starts a new epoch).</summary>
internal sealed record DataPosition(int Epoch, int Batch, int BatchSize);

/// <summary>What a checkpoint needs beyond the bundle for an exact resume: data order and counters.</summary>
internal sealed record ResumeState(
    ProgressState State,
    IReadOnlyDictionary<string, DataPosition> Positions,
    long SkippedImages,
    DateTimeOffset CreatedAt,
    bool IsFinal);

/// <summary>
/// checkpoints/&lt;id&gt;/ = model/ (a <see cref="Checkpoint"/> bundle) + resume.json. Both are written into a
/// staging folder that is renamed into place, so a process killed at any moment leaves either a complete checkpoint
/// or a staging leftover that <see cref="RemoveLeftovers"/> deletes.
/// </summary>
internal static class CheckpointStore
{
    private const string StagingPrefix = ".staging-";
    private const string DeletingPrefix = ".deleting-";

    public static CheckpointInfo Save(string runDirectory, string name, TwinGanModel model, TrainingStep step, ResumeState resume)
    {
        var root = Path.Combine(runDirectory, RunFiles.Checkpoints);
        var id = RunFiles.CheckpointId(resume.State.ImagesSeen);
        var target = Path.Combine(root, id);
        var staging = Path.Combine(root, $"{StagingPrefix}{id}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        Checkpoint.Save(Path.Combine(staging, RunFiles.CheckpointModel), model, step, new BundleInfo(name, id));
        AtomicFile.WriteAllText(Path.Combine(staging, RunFiles.CheckpointResume), JsonSerializer.Serialize(resume, ModelJson.Options));
        Directory.Move(staging, target);
        return Info(id, target, resume);
    }

    public static IReadOnlyList<CheckpointInfo> List(string runDirectory)
    {
        var root = Path.Combine(runDirectory, RunFiles.Checkpoints);
        if (!Directory.Exists(root))
            return [];
        var checkpoints = new List<CheckpointInfo>();
        foreach (var dir in Directory.EnumerateDirectories(root).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal))
        {
            try
            {
                checkpoints.Add(Info(Path.GetFileName(dir), dir, ReadResume(dir)));
            }
            catch (Exception e) when ((e is IOException or InvalidDataException) && !Directory.Exists(dir))
            {
                // Pruned by the training process while we listed: it is gone, not broken.
            }
        }
        return checkpoints;
    }

    public static ResumeState ReadResume(string checkpointDirectory)
    {
        var path = Path.Combine(checkpointDirectory, RunFiles.CheckpointResume);
        if (!File.Exists(path))
            throw new InvalidDataException($"Checkpoint '{checkpointDirectory}' has no {RunFiles.CheckpointResume}; it was not written by a training run.");
        try
        {
            return JsonSerializer.Deserialize<ResumeState>(File.ReadAllText(path), ModelJson.Options)
                ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid resume state: {e.Message}", e);
        }
    }

    /// <summary>The bundle folder of a checkpoint: <c>&lt;dir&gt;/model</c>, or the folder itself if it is a bare bundle.</summary>
    public static string ModelDirectory(string checkpointDirectory) =>
        File.Exists(Path.Combine(checkpointDirectory, BundleManifest.FileName))
            ? checkpointDirectory
            : Path.Combine(checkpointDirectory, RunFiles.CheckpointModel);

    /// <summary>Deletes all but the newest <paramref name="keep"/> checkpoints (0 keeps all). A checkpoint is renamed
    /// away first, so a kill mid-delete never leaves a partial one under a checkpoint id.</summary>
    /// <summary>
    /// Marker beside a checkpoint exported as a model: a published checkpoint is never pruned (the contract keeps
    /// it, so the version can be traced and re-exported), and it does not count against <c>keep</c>.
    /// </summary>
    public static string KeepMarker(string checkpointDirectory) => Path.TrimEndingDirectorySeparator(checkpointDirectory) + ".keep";

    public static void MarkKept(string checkpointDirectory) => File.WriteAllText(KeepMarker(checkpointDirectory), "");

    public static void Prune(string runDirectory, int keep)
    {
        if (keep <= 0)
            return;
        var prunable = List(runDirectory).Where(c => !File.Exists(KeepMarker(c.Directory))).ToList();
        foreach (var old in prunable.Take(Math.Max(0, prunable.Count - keep)))
        {
            var doomed = Path.Combine(Path.GetDirectoryName(old.Directory)!, $"{DeletingPrefix}{old.Id}-{Guid.NewGuid():N}");
            Directory.Move(old.Directory, doomed);
            Directory.Delete(doomed, recursive: true);
        }
    }

    /// <summary>Removes what a killed process may have left: staging and half-deleted checkpoints, temporary files.</summary>
    public static void RemoveLeftovers(string runDirectory)
    {
        var root = Path.Combine(runDirectory, RunFiles.Checkpoints);
        if (Directory.Exists(root))
        {
            foreach (var dir in Directory.EnumerateDirectories(root).Where(d => Path.GetFileName(d).StartsWith('.')))
                Directory.Delete(dir, recursive: true);
        }
        foreach (var file in Directory.EnumerateFiles(runDirectory, "*.tmp-*"))
            File.Delete(file);
    }

    private static CheckpointInfo Info(string id, string directory, ResumeState resume) =>
        new(id, directory, resume.State, resume.CreatedAt, resume.IsFinal);
}
