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

    /// <summary>Channel cap of the demo model: small enough for about ten minutes on two CPU cores.</summary>
    public int MaxChannels => Quick ? 32 : 64;

    /// <summary>Images per fade-in and per stable phase of each resolution of progressive growing.</summary>
    public long ImagesPerPhase => Quick ? 1_000 : 4_000;
}
