using TorchSharp;
using TwinGan.Model;
using TwinGan.Model.Bundles;
using TwinGan.Model.Training;

namespace TwinGan.Training.Tests;

public sealed class ExactResumeTests
{
    /// <summary>Batch 4 at 4 px, 2 at 8 px, a checkpoint every 8 images: the checkpoint at 8 is taken by the step that
    /// grows to 8 px, so the resumed stretch starts with the batch-size change (a new loader epoch) and ends epochs.</summary>
    private static RunSpec Spec() => TinyRuns.Builtin(seed: 11) with
    {
        BatchSizes = new Dictionary<int, int> { [4] = 4, [8] = 2 },
        CheckpointIntervalImages = 8,
    };

    [Fact]
    public async Task RunAsync_ResumedFromIntermediateCheckpoint_GivesBitIdenticalWeightsOptimiserStateAndStats()
    {
        using var temp = new TempDir();
        var whole = TrainingRun.Create(temp.Combine("whole"), Spec());
        var wholeResult = await whole.RunAsync(null, null, CancellationToken.None);
        var killed = SimulateKillAfterCheckpoint(whole.Directory, temp.Combine("killed"), "000000000008");

        var resumed = TrainingRun.Open(killed);
        var observer = new RecordingObserver();
        var resumedResult = await resumed.RunAsync(observer, null, CancellationToken.None);

        Assert.Equal(Path.Combine(killed, RunFiles.Checkpoints, "000000000008"), resumed.ResumeCheckpoint);
        Assert.Equal(12L, observer.Progress[0].State.ImagesSeen);
        var grown = TrainingRun.ListCheckpoints(whole.Directory)[0].State;
        Assert.Equal((8, GrowthPhase.FadeIn, 2L), (grown.Resolution, grown.Phase, grown.Steps));
        Assert.Empty(Directory.GetDirectories(Path.Combine(killed, RunFiles.Checkpoints), ".*"));

        Assert.Equal(wholeResult.State, resumedResult.State);
        Assert.Equal(10L, resumedResult.State.Steps);
        AssertSameCheckpoint(wholeResult.LatestCheckpoint!.Directory, resumedResult.LatestCheckpoint!.Directory);
        var wholeStats = StatsLog.Read(Path.Combine(whole.Directory, RunFiles.Stats));
        var resumedStats = StatsLog.Read(Path.Combine(killed, RunFiles.Stats));
        Assert.Equal(wholeStats.Select(s => (s.ImagesSeen, s.Step)), resumedStats.Select(s => (s.ImagesSeen, s.Step)));
        Assert.Equal(wholeStats.Select(s => s.Losses.OrderBy(l => l.Key).ToList()), resumedStats.Select(s => s.Losses.OrderBy(l => l.Key).ToList()));
    }

    /// <summary>A run directory as a SIGKILL after checkpoint <paramref name="id"/> leaves it: later checkpoints never
    /// happened, stats lines past the checkpoint exist, the last one torn, and a staging folder is half written.</summary>
    private static string SimulateKillAfterCheckpoint(string source, string target, string id)
    {
        Directory.CreateDirectory(Path.Combine(target, RunFiles.Checkpoints, ".staging-000000000010-deadbeef"));
        File.Copy(Path.Combine(source, RunFiles.Options), Path.Combine(target, RunFiles.Options));
        CopyDirectory(Path.Combine(source, RunFiles.Checkpoints, id), Path.Combine(target, RunFiles.Checkpoints, id));
        var stats = File.ReadAllText(Path.Combine(source, RunFiles.Stats));
        File.WriteAllText(Path.Combine(target, RunFiles.Stats), stats + stats[..40]);
        return target;
    }

    private static void AssertSameCheckpoint(string expected, string actual)
    {
        var (expectedManifest, expectedModel, expectedStep) = Checkpoint.Load(Path.Combine(expected, RunFiles.CheckpointModel));
        var (actualManifest, actualModel, actualStep) = Checkpoint.Load(Path.Combine(actual, RunFiles.CheckpointModel));
        using (expectedModel)
        using (expectedStep)
        using (actualModel)
        using (actualStep)
        {
            AssertSameTensors(expectedModel.Network, actualModel.Network);
            AssertSameTensors(expectedModel.Ema, actualModel.Ema);
            AssertSameTensors(expectedModel.Discriminators, actualModel.Discriminators);
        }
        Assert.Equal(expectedManifest.Progress, actualManifest.Progress);
        // Adam moments and step counts: the saved files hash the same.
        Assert.Equal(expectedManifest.Files[Checkpoint.GeneratorOptimizer], actualManifest.Files[Checkpoint.GeneratorOptimizer]);
        Assert.Equal(expectedManifest.Files[Checkpoint.DiscriminatorOptimizer], actualManifest.Files[Checkpoint.DiscriminatorOptimizer]);
    }

    private static void AssertSameTensors(torch.nn.Module expected, torch.nn.Module actual)
    {
        var actualState = actual.state_dict();
        var compared = 0;
        foreach (var (name, tensor) in expected.state_dict())
        {
            Assert.True(tensor.equal(actualState[name]).all().item<bool>(), $"{name} differs");
            compared++;
        }
        Assert.True(compared > 10, $"only {compared} tensors compared");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from))
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
