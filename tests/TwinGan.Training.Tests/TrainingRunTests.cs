using System.Text.Json;
using TwinGan.Model.Training;

namespace TwinGan.Training.Tests;

public sealed class TrainingRunTests
{
    [Fact]
    public async Task RunAsync_TinyBuiltinRun_CompletesWithCheckpointsStatsSamplesAndCurves()
    {
        using var temp = new TempDir();
        var observer = new RecordingObserver();
        var run = TrainingRun.Create(temp.Combine("run"), TinyRuns.Builtin());

        var result = await run.RunAsync(observer, null, CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, result.Outcome);
        Assert.Equal((24L, 6L, 8, GrowthPhase.Stable), (result.State.ImagesSeen, result.State.Steps, result.State.Resolution, result.State.Phase));
        var checkpoints = TrainingRun.ListCheckpoints(run.Directory);
        Assert.Equal(["000000000012", "000000000024"], checkpoints.Select(c => c.Id));
        Assert.True(checkpoints[^1].IsFinal);
        Assert.Equal(checkpoints[^1], result.LatestCheckpoint);
        var stats = StatsLog.Read(Path.Combine(run.Directory, RunFiles.Stats));
        Assert.Equal([4L, 8, 12, 16, 20, 24], stats.Select(s => s.ImagesSeen));
        Assert.Contains("Loss/G/recon/photo", stats[0].Losses.Keys);
        Assert.Contains("Loss/D/gp/anime", stats[0].Losses.Keys);
        Assert.All(stats, s => Assert.True(double.IsFinite(s.Losses[LossNames.GeneratorTotal])));
        Assert.Equal(6, observer.Progress.Count);
        Assert.True(File.Exists(RunFiles.SamplePath(run.Directory, 12)));
        Assert.True(File.Exists(RunFiles.SamplePath(run.Directory, 24)));
        Assert.True(new FileInfo(Path.Combine(run.Directory, RunFiles.LossCurves)).Length > 1000);
    }
}
