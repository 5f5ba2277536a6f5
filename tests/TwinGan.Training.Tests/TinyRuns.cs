using TwinGan.Data.TwinFaces;
using TwinGan.Model.Options;

namespace TwinGan.Training.Tests;

/// <summary>Run specs small enough for a unit test: 4 -> 8 px, the tiny channel plan, a few dozen images.</summary>
internal static class TinyRuns
{
    public static readonly string[] Domains = ["photo", "anime"];

    public static ModelOptions Model(int resolution = 8) =>
        new(Domains, resolution, ChannelPlan.Tiny, NormKind.BatchNorm, UseSkips: true, PerDomainNorm: true, ConditioningOptions.None);

    /// <summary>Stable 4 px (8 images), fade-in 8 px (8), stable 8 px (8): 24 images, 6 steps of 4.</summary>
    public static RunSpec Builtin(long seed = 7) => new(
        Model(),
        TrainingOptions.Default with { Growth = new GrowthSchedule(4, 8, 8), Adam = new AdamOptions(LearningRate: 1e-3), Seed = seed },
        [DomainDataSpec.ForBuiltin("photo", DomainDataSpec.TwinFacesPhoto), DomainDataSpec.ForBuiltin("anime", DomainDataSpec.TwinFacesAnime)])
    {
        BatchSizes = new Dictionary<int, int> { [4] = 4, [8] = 4 },
        BuiltinTrainCount = 16,
        CheckpointIntervalImages = 12,
        KeepCheckpoints = 0,
        SampleIntervalImages = 12,
        StatsIntervalImages = 4,
        LoaderWorkers = 1,
    };

    /// <summary>Writes <paramref name="count"/> twin-faces PNGs of one domain into a new folder.</summary>
    public static string ImageFolder(string parent, string domain, int count, int size = 16)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent, domain)).FullName;
        var items = TwinFacesSplits.TrainSplit(TwinFacesSplits.ParseDomain(domain), count, seed: 3);
        foreach (var item in items)
            File.WriteAllBytes(Path.Combine(folder, $"{item.Id}.png"), item.Render(size).EncodePng());
        return folder;
    }
}

/// <summary>A temporary folder deleted at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("twingan-training-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file a killed child process still held must not fail a test that already ran.
        }
    }
}

/// <summary>Records every observer callback.</summary>
internal sealed class RecordingObserver : ITrainingObserver
{
    public List<TrainingProgress> Progress { get; } = [];
    public List<CheckpointInfo> Checkpoints { get; } = [];
    public List<string> Samples { get; } = [];
    public List<(string Key, string Reason)> Skipped { get; } = [];
    public List<IReadOnlyDictionary<string, double>> Evaluations { get; } = [];
    public Action<TrainingProgress>? OnEachProgress { get; init; }

    public void OnProgress(TrainingProgress progress)
    {
        Progress.Add(progress);
        OnEachProgress?.Invoke(progress);
    }

    public void OnCheckpoint(CheckpointInfo checkpoint) => Checkpoints.Add(checkpoint);

    public void OnSample(string pngPath, long imagesSeen) => Samples.Add(pngPath);

    public void OnEvaluation(IReadOnlyDictionary<string, double> metrics, long imagesSeen) => Evaluations.Add(metrics);

    public void OnSkippedImage(string key, string reason) => Skipped.Add((key, reason));
}
