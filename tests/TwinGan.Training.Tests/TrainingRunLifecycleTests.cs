using TwinGan.Model.Bundles;
using TwinGan.Model.Inference;

namespace TwinGan.Training.Tests;

public sealed class TrainingRunLifecycleTests
{
    [Fact]
    public void Create_NonEmptyDirectory_RefusesAndLeavesItAlone()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("notes.txt"), "mine");

        var error = Assert.Throws<IOException>(() => TrainingRun.Create(temp.Path, TinyRuns.Builtin()));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Create_NewDirectory_WritesOnlyOptionsJsonThatOpenReadsBack()
    {
        using var temp = new TempDir();
        var spec = TinyRuns.Builtin();

        var run = TrainingRun.Create(temp.Combine("run"), spec);

        Assert.Equal([RunFiles.Options], Directory.GetFileSystemEntries(run.Directory).Select(Path.GetFileName));
        var opened = TrainingRun.Open(run.Directory);
        Assert.Equal(spec.ToJson(), opened.Spec.ToJson());
        Assert.Null(opened.ResumeCheckpoint);
    }

    [Fact]
    public void Create_MissingDatasetRoot_ThrowsNamingDomainAndPathWithoutCreatingTheRun()
    {
        using var temp = new TempDir();
        var spec = TinyRuns.Builtin() with { Data = [new DomainDataSpec("photo", [temp.Combine("nowhere")]), TinyRuns.Builtin().Data[1]] };

        var error = Assert.Throws<DirectoryNotFoundException>(() => TrainingRun.Create(temp.Combine("run"), spec));

        Assert.Contains("'photo'", error.Message, StringComparison.Ordinal);
        Assert.Contains(temp.Combine("nowhere"), error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("run")));
    }

    [Fact]
    public void Create_RootWithoutImages_ThrowsNamingIt()
    {
        using var temp = new TempDir();
        var empty = Directory.CreateDirectory(temp.Combine("empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "no images here");
        var spec = TinyRuns.Builtin() with { Data = [TinyRuns.Builtin().Data[0], new DomainDataSpec("anime", [empty])] };

        var error = Assert.Throws<InvalidDataException>(() => TrainingRun.Create(temp.Combine("run"), spec));

        Assert.Contains("'anime'", error.Message, StringComparison.Ordinal);
        Assert.Contains("holds no", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnknownCheckpoint_ThrowsListingTheAvailableOnes()
    {
        using var temp = new TempDir();
        var run = TrainingRun.Create(temp.Combine("run"), TinyRuns.Builtin());

        var error = Assert.Throws<ArgumentException>(() => TrainingRun.Open(run.Directory, "000000000999"));

        Assert.Contains("none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CancelledAfterFirstReport_CheckpointsThereAndResumesToTheEnd()
    {
        using var temp = new TempDir();
        using var cancel = new CancellationTokenSource();
        var run = TrainingRun.Create(temp.Combine("run"), TinyRuns.Builtin());
        var observer = new RecordingObserver { OnEachProgress = _ => cancel.Cancel() };

        var cancelled = await run.RunAsync(observer, null, cancel.Token);
        var finished = await TrainingRun.Open(run.Directory).RunAsync(null, null, CancellationToken.None);

        Assert.Equal((RunOutcome.Cancelled, 4L), (cancelled.Outcome, cancelled.State.ImagesSeen));
        Assert.Equal("000000000004", cancelled.LatestCheckpoint!.Id);
        Assert.False(cancelled.LatestCheckpoint.IsFinal);
        Assert.Equal((RunOutcome.Completed, 24L, 6L), (finished.Outcome, finished.State.ImagesSeen, finished.State.Steps));
    }

    [Fact]
    public async Task RunAsync_TimeLimit_StopsWithAResumableCheckpointAndEvaluatesIt()
    {
        using var temp = new TempDir();
        var evaluator = new CountingEvaluator();
        var run = TrainingRun.Create(temp.Combine("run"), TinyRuns.Builtin() with { MaxDuration = TimeSpan.FromTicks(1) });

        var result = await run.RunAsync(null, evaluator, CancellationToken.None);

        Assert.Equal(RunOutcome.TimeLimitReached, result.Outcome);
        Assert.Equal(result.State, result.LatestCheckpoint!.State);
        Assert.False(result.LatestCheckpoint.IsFinal);
        Assert.Single(TrainingRun.ListCheckpoints(run.Directory));
        Assert.Equal([result.State.ImagesSeen], evaluator.Calls);
        Assert.Single(File.ReadAllLines(Path.Combine(run.Directory, RunFiles.Evaluation)));
    }

    [Fact]
    public async Task RunAsync_BadImageInFolderDataset_IsSkippedCountedAndListed()
    {
        using var temp = new TempDir();
        var photos = TinyRuns.ImageFolder(temp.Path, "photo", 7);
        var anime = TinyRuns.ImageFolder(temp.Path, "anime", 8);
        File.WriteAllBytes(Path.Combine(photos, "000007.png"), [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        var spec = TinyRuns.Builtin() with { Data = [new DomainDataSpec("photo", [photos]), new DomainDataSpec("anime", [anime])] };
        var observer = new RecordingObserver();

        var result = await TrainingRun.Create(temp.Combine("run"), spec).RunAsync(observer, null, CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, result.Outcome);
        var bad = Path.Combine(photos, "000007.png");
        Assert.Equal([bad], observer.Skipped.Select(s => s.Key));
        Assert.StartsWith(bad + "\t", File.ReadAllText(temp.Combine("run", RunFiles.Skipped)), StringComparison.Ordinal);
        Assert.True(observer.Progress[^1].SkippedImages >= 1);
        Assert.True(StatsLog.Read(temp.Combine("run", RunFiles.Stats))[^1].SkippedImages >= 1);
    }

    [Fact]
    public async Task Prune_ExportedCheckpoint_IsKeptAndDoesNotCountAgainstTheLimit()
    {
        using var temp = new TempDir();
        var run = TrainingRun.Create(temp.Combine("run"), TinyRuns.Builtin());
        await run.RunAsync(null, null, CancellationToken.None);
        var (first, last) = (TrainingRun.ListCheckpoints(run.Directory)[0], TrainingRun.ListCheckpoints(run.Directory)[^1]);
        Assert.NotEqual(first.Id, last.Id);

        TrainingRun.ExportModel(first.Directory, temp.Combine("models", "tiny", "1"), new BundleInfo("tiny", "1"));
        CheckpointStore.Prune(run.Directory, keep: 1);
        Assert.Equal([first.Id, last.Id], TrainingRun.ListCheckpoints(run.Directory).Select(c => c.Id));

        File.Delete(CheckpointStore.KeepMarker(first.Directory));
        CheckpointStore.Prune(run.Directory, keep: 1);
        Assert.Equal([last.Id], TrainingRun.ListCheckpoints(run.Directory).Select(c => c.Id));
    }

    [Fact]
    public async Task ExportModel_FinalCheckpoint_WritesABundleTheInferenceLoads()
    {
        using var temp = new TempDir();
        var evaluator = new CountingEvaluator();
        var run = TrainingRun.Create(temp.Combine("run"), TinyRuns.Builtin() with { EvaluationIntervalImages = 12 });
        var result = await run.RunAsync(null, evaluator, CancellationToken.None);

        var manifest = TrainingRun.ExportModel(result.LatestCheckpoint!.Directory, temp.Combine("models", "tiny", "1"), new BundleInfo("tiny", "1"));

        Assert.Equal((BundleKind.Model, "000000000024"), (manifest.Kind, manifest.ParentCheckpoint));
        Assert.Equal(8, manifest.Training!.Growth.ImagesPerStable);
        using var inference = TwinGanInference.Load(temp.Combine("models", "tiny", "1"));
        var image = new TwinGan.Model.Imaging.RgbImage(8, 8, new float[3 * 8 * 8]);
        var translated = inference.TranslateBatch([image, image], "photo", "anime");
        Assert.Equal(2, translated.Count);
        Assert.All(translated, t => Assert.Equal((8, 8), (t.Width, t.Height)));
        Assert.Equal([12L, 24L], evaluator.Calls);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run.Directory, RunFiles.Evaluation)).Length);
    }

    private sealed class CountingEvaluator : IRunEvaluator
    {
        public List<long> Calls { get; } = [];

        public IReadOnlyDictionary<string, double> Evaluate(TwinGanInference model, CancellationToken ct)
        {
            Calls.Add(long.Parse(model.Manifest.Version, System.Globalization.CultureInfo.InvariantCulture));
            return new Dictionary<string, double> { ["resolution"] = model.Resolution };
        }
    }
}
