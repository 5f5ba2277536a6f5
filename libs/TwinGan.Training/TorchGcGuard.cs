using System.Runtime;

namespace TwinGan.Training;

/// <summary>
/// Runs TorchSharp work inside a no-GC region. TorchSharp 0.107 hands temporary <c>Scalar</c>s (implicit conversions:
/// <c>leaky_relu</c>'s slope, the alpha = 1 of <c>Tensor + Tensor</c>, ...) to LibTorch by raw handle without keeping
/// them alive, and <c>Scalar</c> frees its native value in a finalizer. While the loader's workers decode images
/// (and allocate), a collection can land during such a native call and the finalizer frees the scalar LibTorch is
/// reading: measured here as "Expected false to be true ... toFloat at c10/core/Scalar.h:140" thrown from
/// <c>leaky_relu</c> or <c>add</c> after 600-4000 training images of a 32 px run. Single-threaded callers (the model
/// tests) never saw it because nothing else allocates during their native calls. Inside the region no collection,
/// hence no finalizer, runs; the budget covers the loaders' allocations during a step many times over.
/// </summary>
internal static class TorchGcGuard
{
    private const long MaxBudget = 128L << 20;
    private const long MinBudget = 8L << 20;
    private static readonly Lock Gate = new();
    private static int depth;

    /// <summary>Enters the region (nested and concurrent users share one); dispose to leave it.</summary>
    public static Scope Enter()
    {
        lock (Gate)
        {
            if (depth++ == 0)
                Start();
        }
        return new Scope();
    }

    private static void Start()
    {
        for (var budget = MaxBudget; budget >= MinBudget; budget /= 2)
        {
            try
            {
                if (GC.TryStartNoGCRegion(budget))
                    return;
            }
            catch (ArgumentOutOfRangeException)
            {
                // Larger than this GC configuration allows: try half.
            }
            catch (InvalidOperationException)
            {
                // Someone else in the process already holds a no-GC region: it protects us too.
                return;
            }
        }
    }

    private static void Exit()
    {
        lock (Gate)
        {
            if (--depth > 0 || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
                return;
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // The budget ran out and a collection ended the region early; nothing left to end.
            }
        }
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => Exit();
    }
}
