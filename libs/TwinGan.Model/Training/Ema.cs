using TorchSharp;
using static TorchSharp.torch;

namespace TwinGan.Model.Training;

/// <summary>
/// Exponential moving average of weights (PGGAN appendix A.1; stylegan3 serves G_ema): ema ← β·ema + (1-β)·live
/// for parameters; buffers (running statistics) are copied, as stylegan3 does.
/// </summary>
public static class Ema
{
    public static void Update(nn.Module ema, nn.Module live, double beta)
    {
        ArgumentNullException.ThrowIfNull(ema);
        ArgumentNullException.ThrowIfNull(live);
        using var noGrad = no_grad();
        var liveParameters = live.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var weight = tensor(1.0 - beta);
        foreach (var (name, parameter) in ema.named_parameters())
            parameter.lerp_(liveParameters[name], weight);
        var liveBuffers = live.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, buffer) in ema.named_buffers())
            buffer.copy_(liveBuffers[name]);
    }

    /// <summary>Makes <paramref name="ema"/> an exact copy of <paramref name="live"/> (EMA initialisation).</summary>
    public static void Copy(nn.Module ema, nn.Module live) => Update(ema, live, 0.0);
}
