using System.Diagnostics;
using TorchSharp;
using TwinGan.Model.Inference;
using TwinGan.Serving;

namespace TwinGan.Benchmarks.Serving;

/// <summary>
/// The model alone at batch 1, 2, 4, 8 and LibTorch thread counts: the per-image cost that decides which batch
/// size is worth waiting for on this device.
/// </summary>
internal static class BatchSweep
{
    public static void Run(string bundle, string plan, int size, IReadOnlyList<int> threads, double seconds)
    {
        using var model = new TwinGanServableModel(TwinGanInference.Load(bundle));
        var key = new TranslationKey("photo", "anime");
        foreach (var t in threads)
        {
            torch.set_num_threads(t);
            foreach (var batch in new[] { 1, 2, 4, 8 })
            {
                var inputs = Enumerable.Range(0, batch).Select(i => new TranslationInput(Images.Random(size, i), null, null)).ToList();
                model.Translate(key, inputs);
                var images = 0;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < seconds || images == 0)
                {
                    model.Translate(key, inputs);
                    images += batch;
                }
                Console.WriteLine(FormattableString.Invariant($"{plan},{size},{t},{batch},{clock.Elapsed.TotalMilliseconds / images:F1},{images / clock.Elapsed.TotalSeconds:F1}"));
            }
        }
    }
}
