using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// What the encoder hands the generator: the 4x4xC bottleneck (also the search embedding) and, per resolution,
/// the features the UNet skips carry to the generator block of the same resolution (TwinGAN section 3.1).
/// </summary>
public sealed class EncoderOutput(Tensor bottleneck, IReadOnlyDictionary<int, Tensor> skips) : IDisposable
{
    public Tensor Bottleneck { get; } = bottleneck;

    public IReadOnlyDictionary<int, Tensor> Skips { get; } = skips;

    /// <summary>Moves every tensor to the enclosing dispose scope (TorchSharp memory.md).</summary>
    public EncoderOutput MoveToOuterDisposeScope()
    {
        Bottleneck.MoveToOuterDisposeScope();
        foreach (var skip in Skips.Values)
            skip.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Bottleneck.Dispose();
        foreach (var skip in Skips.Values)
            skip.Dispose();
    }
}
