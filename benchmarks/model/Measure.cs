using System.Diagnostics;
using TorchSharp;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;
using TwinGan.Model.Training;
using static TorchSharp.torch;

namespace TwinGan.Model.Benchmarks;

/// <summary>Time per image and FLOPs per image of one measured operation.</summary>
internal sealed record Result(double MsPerImage, double GflopPerImage)
{
    public double Gflops => GflopPerImage / (MsPerImage / 1000.0);
}

internal static class Measure
{
    /// <summary>Inference translation G_anime(E_photo(x)) on the EMA network in inference mode (what Translator runs).</summary>
    public static Result Forward(TwinGanModel model, int resolution, int batch)
    {
        using var x = (rand(batch, 3, resolution, resolution) * 2) - 1;
        var stage = new Stage(resolution);
        void Run()
        {
            using var mode = inference_mode();
            using var scope = NewDisposeScope();
            model.Ema.Translate(x, 0, 1, stage);
        }
        var flops = FlopCounter.Measure(Run);
        var ms = Time(Run, warmup: 1, repeats: 3);
        return new Result(ms / batch, flops / 1e9 / batch);
    }

    /// <summary>
    /// One full <see cref="TrainingStep.Run"/> (D update with DRAGAN, E/G update, EMA) on a batch per domain.
    /// FLOPs: the conv/linear forward FLOPs the step evaluates, counted from shapes, times 3 (backward costs about
    /// twice the forward); the penalty's double backward is not counted separately, so this is a lower bound.
    /// </summary>
    public static Result TrainingStep(TwinGanModel model, int resolution, int batch)
    {
        var options = TrainingOptions.Default with { Growth = new GrowthSchedule(resolution, long.MaxValue / 2) };
        using var step = new TrainingStep(model, options);
        using var a = (rand(batch, 3, resolution, resolution) * 2) - 1;
        using var b = (rand(batch, 3, resolution, resolution) * 2) - 1;
        void Run()
        {
            using var scope = NewDisposeScope();
            step.Run(new DomainBatch(a), new DomainBatch(b));
        }
        // The first step (also the warm-up) counts FLOPs; the second is timed.
        var forwardFlops = FlopCounter.Measure(Run);
        var ms = Time(Run, warmup: 0, repeats: 1);
        // Both domains' batches are trained in one step: per image means per (photo, anime) pair member.
        var images = 2.0 * batch;
        return new Result(ms / images, 3.0 * forwardFlops / 1e9 / images);
    }

    private static double Time(Action action, int warmup, int repeats)
    {
        for (var i = 0; i < warmup; i++)
            action();
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}

internal static class Peak
{
    /// <summary>Best of 10 fp32 n x n matmuls: 2n³ FLOPs each, the practical peak of this CPU through LibTorch.</summary>
    public static double MatmulGflops(int n)
    {
        using var a = randn(n, n);
        using var b = randn(n, n);
        using (a.matmul(b)) { }
        var best = double.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            using (a.matmul(b)) { }
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
