using System.Globalization;
using TwinGan.Model.Options;
using TwinGan.Training;

// Usage: TwinGan.Training.Host <run directory> [--create <resolution> <images per phase> <channel plan>]
// Without --create the run must exist (TrainingRun.Create wrote it); it is resumed, or started if it has no checkpoint.
if (args.Length is not (1 or 5) || (args.Length == 5 && args[1] != "--create"))
{
    Console.Error.WriteLine("usage: TwinGan.Training.Host <run directory> [--create <resolution> <images per phase> <original|small|tiny>]");
    return 2;
}
// One LibTorch thread unless told otherwise: the box is shared and OpenMP workers spin-wait (docs/model.md).
TorchSharp.torch.set_num_threads(int.Parse(Environment.GetEnvironmentVariable("TWINGAN_TORCH_THREADS") ?? "1", CultureInfo.InvariantCulture));
var run = args.Length == 5 ? TrainingRun.Create(args[0], BuiltinSpec(args)) : TrainingRun.Open(args[0]);
var result = await run.RunAsync(new ConsoleObserver(), null, CancellationToken.None);
Console.WriteLine($"outcome {result.Outcome} images {result.State.ImagesSeen} steps {result.State.Steps}");
return 0;

// The built-in twin-faces run the measurements in docs/training.md use: original losses and optimiser, growth from 4 px.
static RunSpec BuiltinSpec(string[] args)
{
    var resolution = int.Parse(args[2], CultureInfo.InvariantCulture);
    var imagesPerPhase = long.Parse(args[3], CultureInfo.InvariantCulture);
    var model = ModelOptions.TwinGan(["photo", "anime"], resolution, ChannelPlan.FromName(args[4]));
    var training = TrainingOptions.Default with { Growth = new GrowthSchedule(4, imagesPerPhase), ReconstructionGanFromResolution = Math.Min(64, resolution) };
    return new RunSpec(model, training, [DomainDataSpec.ForBuiltin("photo", DomainDataSpec.TwinFacesPhoto), DomainDataSpec.ForBuiltin("anime", DomainDataSpec.TwinFacesAnime)])
    {
        CheckpointIntervalImages = imagesPerPhase,
        SampleIntervalImages = imagesPerPhase,
        StatsIntervalImages = 64,
    };
}

/// <summary>Prints one line per event, flushed, so the parent test can act on "checkpoint ..." at once.</summary>
internal sealed class ConsoleObserver : ITrainingObserver
{
    public void OnCheckpoint(CheckpointInfo checkpoint) => Console.WriteLine($"checkpoint {checkpoint.Id} steps {checkpoint.State.Steps}");

    public void OnProgress(TrainingProgress progress) =>
        Console.WriteLine($"progress {progress.State.ImagesSeen}/{progress.TargetImages} {progress.State.Resolution}px {progress.State.Phase} alpha {progress.State.Alpha:0.00} {progress.ImagesPerSecond:0.0} img/s G {progress.Losses[LossNames.GeneratorTotal]:0.000} D {progress.Losses[LossNames.DiscriminatorTotal]:0.000}");

    public void OnLog(TrainingLogLevel level, string message) => Console.WriteLine($"{level}: {message}");
}
