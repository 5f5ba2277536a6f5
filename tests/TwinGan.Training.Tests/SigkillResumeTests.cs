using System.Diagnostics;
using System.Text;
using TwinGan.Model.Options;
using TwinGan.Testing;

namespace TwinGan.Training.Tests;

/// <summary>A real kill: the run trains in a child process that is SIGKILLed after its first checkpoint.</summary>
public sealed class SigkillResumeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>4 px stable (64), 8 px fade-in (64) and stable (64): 192 images, 48 steps of 4, a checkpoint every
    /// 2 steps (the last 2 kept) and a stats line every step, so the kill lands between many writes.</summary>
    private static RunSpec Spec() => TinyRuns.Builtin(seed: 5) with
    {
        Training = TinyRuns.Builtin(seed: 5).Training with { Growth = new GrowthSchedule(4, 64, 64) },
        CheckpointIntervalImages = 8,
        KeepCheckpoints = 2,
        SampleIntervalImages = 64,
    };

    [Fact]
    public async Task RunAsync_AfterSigkillOfTheTrainingProcess_ResumesFromLastCheckpointAndFinishesConsistently()
    {
        using var temp = new TempDir();
        var run = TrainingRun.Create(temp.Combine("run"), Spec());
        var options = File.ReadAllBytes(Path.Combine(run.Directory, RunFiles.Options));

        var output = await StartAndKillAfterFirstCheckpointAsync(run.Directory);

        var before = TrainingRun.ListCheckpoints(run.Directory);
        Assert.NotEmpty(before);
        Assert.DoesNotContain(before, c => c.IsFinal);
        var resumed = TrainingRun.Open(run.Directory);
        Assert.Equal(before[^1].Directory, resumed.ResumeCheckpoint);
        var observer = new RecordingObserver();
        var result = await resumed.RunAsync(observer, null, CancellationToken.None);

        Assert.True(result.Outcome == RunOutcome.Completed, output);
        Assert.Equal((192L, 48L, 8), (result.State.ImagesSeen, result.State.Steps, result.State.Resolution));
        Assert.Equal(before[^1].State.Steps + 1, observer.Progress[0].State.Steps);
        Assert.Equal(options, File.ReadAllBytes(Path.Combine(run.Directory, RunFiles.Options)));
        var stats = StatsLog.Read(Path.Combine(run.Directory, RunFiles.Stats));
        Assert.Equal(Enumerable.Range(1, 48).Select(i => (4L * i, (long)i)), stats.Select(s => (s.ImagesSeen, s.Step)));
        Assert.EndsWith("\n", File.ReadAllText(Path.Combine(run.Directory, RunFiles.Stats)), StringComparison.Ordinal);
        var after = TrainingRun.ListCheckpoints(run.Directory);
        Assert.Equal(2, after.Count);
        Assert.True(after[^1].IsFinal);
    }

    private static async Task<string> StartAndKillAfterFirstCheckpointAsync(string runDirectory)
    {
        var host = Path.Combine(RepoPaths.Root, "tests", "TwinGan.Training.Host", "bin", RepoPaths.Configuration, "net10.0", "TwinGan.Training.Host.dll");
        Assert.True(File.Exists(host), $"{host} is not built (the test project references it).");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(runDirectory);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var checkpoint = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
                output.AppendLine(e.Data);
            if (e.Data?.StartsWith("checkpoint ", StringComparison.Ordinal) == true)
                checkpoint.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
                output.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(checkpoint.Task, exited, Task.Delay(Timeout));
        if (first != checkpoint.Task)
        {
            if (!process.HasExited)
                process.Kill();
            lock (output)
                Assert.Fail($"The training host wrote no checkpoint (exited: {process.HasExited}):\n{output}");
        }
        // Process.Kill is SIGKILL on Unix: no finally blocks, no flushes, the lock file dropped by the kernel.
        process.Kill();
        await process.WaitForExitAsync();
        lock (output)
        {
            Assert.DoesNotContain("outcome", output.ToString(), StringComparison.Ordinal);
            return output.ToString();
        }
    }
}
