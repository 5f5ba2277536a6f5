namespace TwinGan.Training;

/// <summary>Names inside a run directory (docs/training.md describes each).</summary>
public static class RunFiles
{
    /// <summary>The <see cref="RunSpec"/>, written first and atomically; never changed afterwards.</summary>
    public const string Options = "options.json";

    /// <summary>Append-only JSON lines, one per report interval (<see cref="StatsLog"/>).</summary>
    public const string Stats = "stats.jsonl";

    /// <summary>One folder per checkpoint, named by its id.</summary>
    public const string Checkpoints = "checkpoints";

    /// <summary>Sample grids, <c>&lt;images seen, 12 digits&gt;.png</c>.</summary>
    public const string Samples = "samples";

    /// <summary>G and D losses over images seen, redrawn with each sample grid and at the end.</summary>
    public const string LossCurves = "loss-curves.png";

    /// <summary>Evaluator metrics, one JSON line per evaluation.</summary>
    public const string Evaluation = "evaluation.jsonl";

    /// <summary>Undecodable training images, one <c>key\treason</c> line per distinct image.</summary>
    public const string Skipped = "skipped.txt";

    /// <summary>Held (exclusively) while a process trains in the directory; the OS drops it when the process dies.</summary>
    public const string Lock = "run.lock";

    /// <summary>Inside a checkpoint: the checkpoint bundle (<see cref="TwinGan.Model.Bundles.Checkpoint"/>).</summary>
    public const string CheckpointModel = "model";

    /// <summary>Inside a checkpoint: data order and counters for exact resume.</summary>
    public const string CheckpointResume = "resume.json";

    /// <summary>Id of the checkpoint taken after <paramref name="imagesSeen"/> images (sorts chronologically).</summary>
    public static string CheckpointId(long imagesSeen) => imagesSeen.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Path of the sample grid written after <paramref name="imagesSeen"/> images.</summary>
    public static string SamplePath(string runDirectory, long imagesSeen) =>
        Path.Combine(runDirectory, Samples, CheckpointId(imagesSeen) + ".png");
}
