using System.Globalization;
using TwinGan.Training;

namespace TwinGan.Benchmarks.Quality;

/// <summary>Prints a progress line now and then (every report would flood the log of a 20-minute run).</summary>
internal sealed class ConsoleObserver(string variant) : ITrainingObserver
{
    private DateTime lastPrint = DateTime.MinValue;

    public void OnProgress(TrainingProgress progress)
    {
        if (DateTime.UtcNow - lastPrint < TimeSpan.FromSeconds(30))
            return;
        lastPrint = DateTime.UtcNow;
        var state = progress.State;
        var recon = progress.Losses.Where(l => l.Key.Contains("recon", StringComparison.Ordinal)).Select(l => l.Value).DefaultIfEmpty(double.NaN).Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{variant}] {state.Resolution} px {state.Phase} alpha {state.Alpha:F2}: {state.ImagesSeen} images, step {state.Steps}, {progress.ImagesPerSecond:F1} img/s, mean recon loss {recon:F3}"));
    }

    public void OnCheckpoint(CheckpointInfo checkpoint) => Console.WriteLine($"[{variant}] checkpoint {checkpoint.Id}");

    public void OnLog(TrainingLogLevel level, string message)
    {
        if (level >= TrainingLogLevel.Information)
            Console.WriteLine($"[{variant}] {level}: {message}");
    }
}
