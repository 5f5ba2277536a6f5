using TorchSharp;
using TwinGan.Model;
using TwinGan.Model.Benchmarks;
using TwinGan.Model.Options;
using static TorchSharp.torch;

// Model benchmarks of issue 3: forward and training-step time per image, analytic FLOPs, fraction of measured peak.
string[] domains = ["photo", "anime"];
var plans = new[] { ChannelPlan.Original, ChannelPlan.Small };
var resolutions = new[] { 32, 64, 128 };
// Optional argument: LibTorch intra-op threads (default: LibTorch's own choice, one per core).
if (args.Length > 0)
    set_num_threads(int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture));
Console.WriteLine($"threads={get_num_threads()} cpu={Environment.ProcessorCount} libtorch={__version__}");

var peak = Peak.MatmulGflops(2048);
Console.WriteLine($"peak: fp32 matmul 2048x2048 = {peak:F1} GFLOP/s");
Console.WriteLine();
Console.WriteLine("| plan | px | batch fwd / train | forward ms/img | forward GFLOP/img | forward GFLOP/s | % peak | train-step ms/img | train GFLOP/img | train GFLOP/s | % peak |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var plan in plans)
{
    foreach (var resolution in resolutions)
    {
        var options = ModelOptions.TwinGan(domains, resolution, plan);
        using var model = TwinGanModel.Create(options, seed: 1);
        var forward = Measure.Forward(model, resolution, ForwardBatch);
        var train = Measure.TrainingStep(model, resolution, TrainBatch);
        Console.WriteLine($"| {plan.Name} | {resolution} | {ForwardBatch} / {TrainBatch}+{TrainBatch} | {forward.MsPerImage:F1} | {forward.GflopPerImage:F2} | {forward.Gflops:F1} | {100 * forward.Gflops / peak:F0}% " +
            $"| {train.MsPerImage:F0} | {train.GflopPerImage:F2} | {train.Gflops:F1} | {100 * train.Gflops / peak:F0}% |");
    }
}

/// <summary>Batch sizes: the forward batch of a Translator call, and a per-domain training batch small enough to
/// keep the 256-channel 128 px step within the run's time budget on 2 cores (per-image numbers are reported).</summary>
internal static partial class Program
{
    private const int ForwardBatch = 4;
    private const int TrainBatch = 2;
}
