namespace TwinGan.Cli.Demo;

/// <summary>What one demo run does. <see cref="Quick"/> trims training to a couple of minutes at 16 px.</summary>
internal sealed record DemoSettings(string OutDir, double Minutes, int Resolution, bool Quick, bool Retrain, long Seed)
{
    public const string ModelName = "twin-faces";

    /// <summary>Held-out test pairs: the anime gallery, the photo queries whose true twins are known, the translation samples.</summary>
    public const int TestPairs = 64;

    /// <summary>Columns of the translation grids and rows of the twin table.</summary>
    public const int Shown = 8;

    public string DataDir => Path.Combine(OutDir, "data");

    public string DatasetDir => Path.Combine(OutDir, "dataset");

    public string RunRoot => Path.Combine(DataDir, "trainer", "runs");

    public string ReportPath => Path.Combine(OutDir, "report.html");

    /// <summary>Channel cap of the demo model: the model library's "small" plan (64), fit for minutes on two CPU cores.</summary>
    public int MaxChannels => Quick ? 32 : 64;

    /// <summary>PGGAN's fmap_base of the plan (channels = min(base / resolution, cap)).</summary>
    public int ChannelBase => Quick ? 512 : 2048;

    /// <summary>
    /// Images per fade-in and per stable phase: 200 per budget minute, so the final resolution is reached well within
    /// the budget on two cores (benchmarks/quality uses 150 per minute at 32 px).
    /// </summary>
    public long ImagesPerPhase => Math.Max(200, (long)(200 * Minutes));

    /// <summary>Held-out pairs the Trainer's evaluation scores at the end of training (its default, 500, takes longer than the demo's budget allows).</summary>
    public int EvaluationPairs => Quick ? 100 : 300;

    /// <summary>Labelled images the evaluation's attribute classifiers train on.</summary>
    public int EvaluationClassifierImages => Quick ? 500 : 2000;

    /// <summary>EMA decay of the published weights: the original's 0.999 averages over too many images for a run this short.</summary>
    public const double EmaDecay = 0.995;
}
