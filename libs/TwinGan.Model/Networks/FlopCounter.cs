using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// Counts multiply-accumulates of conv and linear layers from their actual shapes (2 FLOPs per MAC), so the
/// benchmark's FLOP figures follow the architecture exactly. Off unless a caller measures; per thread.
/// </summary>
public static class FlopCounter
{
    [ThreadStatic]
    private static long macs;

    [ThreadStatic]
    private static bool enabled;

    /// <summary>Runs <paramref name="action"/> and returns the forward FLOPs of every conv/linear it evaluated.</summary>
    public static long Measure(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        (macs, enabled) = (0, true);
        try
        {
            action();
            return 2 * macs;
        }
        finally
        {
            enabled = false;
        }
    }

    internal static void AddConv(Tensor output, Tensor weight)
    {
        if (enabled) // output N*Cout*H*W positions, each Cin*k*k MACs
            macs += output.numel() * weight.shape[1] * weight.shape[2] * weight.shape[3];
    }

    internal static void AddLinear(Tensor input, Tensor weight)
    {
        if (enabled)
            macs += input.shape[0] * weight.shape[0] * weight.shape[1];
    }
}
