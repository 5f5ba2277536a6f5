using TwinGan.Training;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: TwinGan.Training.Host <run directory created by TrainingRun.Create>");
    return 2;
}
// One LibTorch thread: the box is shared and OpenMP workers spin-wait (docs/model.md).
TorchSharp.torch.set_num_threads(1);
var result = await TrainingRun.Open(args[0]).RunAsync(new ConsoleObserver(), null, CancellationToken.None);
Console.WriteLine($"outcome {result.Outcome} images {result.State.ImagesSeen} steps {result.State.Steps}");
return 0;

/// <summary>Prints one line per event, flushed, so the parent test can act on "checkpoint ..." at once.</summary>
internal sealed class ConsoleObserver : ITrainingObserver
{
    public void OnCheckpoint(CheckpointInfo checkpoint) => Console.WriteLine($"checkpoint {checkpoint.Id} steps {checkpoint.State.Steps}");

    public void OnLog(TrainingLogLevel level, string message) => Console.WriteLine($"{level}: {message}");
}
