using System.Diagnostics;
using TwinGan.Data.Imaging;
using TwinGan.Model.Inference;
using TwinGan.Serving;

namespace TwinGan.Benchmarks.Serving;

/// <summary>The model alone: TranslateBatch on the loaded bundle, the ceiling the service is compared with.</summary>
internal static class InProcess
{
    /// <summary>The batch size the Translator's warm-up calibration would choose for this bundle here (up to <paramref name="maxBatch"/>).</summary>
    public static (int Chosen, IReadOnlyList<BatchCost> Costs) Calibrate(string bundle, int size, int maxBatch)
    {
        using var model = new TwinGanServableModel(TwinGanInference.Load(bundle));
        var input = new TranslationInput(Images.Random(size, 1), null, null);
        var key = new TranslationKey("photo", "anime");
        var costs = BatchCalibration.Measure(maxBatch, n => model.Translate(key, Enumerable.Repeat(input, n).ToList()), CancellationToken.None);
        return (BatchCalibration.Choose(costs), costs);
    }

    /// <summary>Images per second at <paramref name="batch"/> after <paramref name="warmupSeconds"/> unmeasured, this process's CPU per image, and the machine's busy cores meanwhile.</summary>
    public static (double ImagesPerSecond, double CpuMsPerImage, double MachineBusyCores) Measure(string bundle, int size, int batch, double warmupSeconds, double seconds)
    {
        using var model = new TwinGanServableModel(TwinGanInference.Load(bundle));
        var input = new TranslationInput(Images.Random(size, 1), null, null);
        var inputs = Enumerable.Repeat(input, batch).ToList();
        var key = new TranslationKey("photo", "anime");
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < warmupSeconds)
            model.Translate(key, inputs);
        var images = 0;
        var cpu = new CpuMeter(serverPid: null);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            model.Translate(key, inputs);
            images += batch;
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        var used = cpu.Stop();
        return (images / elapsed, used.ThisProcessSeconds * 1000 / images, used.MachineBusyCores);
    }
}

internal static class Images
{
    public static RgbImage Random(int size, int seed)
    {
        var pixels = new byte[size * size * 3];
        new Random(seed).NextBytes(pixels);
        return new RgbImage(size, size, pixels);
    }
}
