using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// Conv with PGGAN's equalised learning rate (Karras et al. 2018, section 4.1): weights drawn from N(0, 1) and
/// scaled at run time by He's constant gain / sqrt(fan_in), so Adam sees every layer at the same scale.
/// </summary>
/// <remarks>
/// Input and output channels are zero-padded to a multiple of <see cref="ChannelBlock"/>: LibTorch 2.10's CPU conv
/// returns wrong values (sometimes NaN) on this AVX-512 host for other counts — the forward for inputs of 17, 24 or
/// 257 channels, the input gradient for 8 output channels (docs/model.md). Zero channels with zero weights leave
/// the result unchanged; padded outputs are sliced off. RGB-sized (≤ 3) counts are exact and left alone.
/// </remarks>
internal sealed class EqualizedConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Scalar scale;
    private readonly long padding;
    private readonly long inPad;
    private readonly long outPad;
    private readonly long outChannels;

    /// <summary>Channel counts are padded up to a multiple of this (see remarks).</summary>
    internal const long ChannelBlock = 16;

    public EqualizedConv2d(string name, long inChannels, long outChannels, long kernelSize, double gain = 1.4142135623730951)
        : base(name)
    {
        weight = new Parameter(randn(outChannels, inChannels, kernelSize, kernelSize));
        bias = new Parameter(zeros(outChannels));
        scale = (gain / Math.Sqrt(inChannels * kernelSize * kernelSize)).ToScalar();
        padding = kernelSize / 2;
        InChannels = inChannels;
        this.outChannels = outChannels;
        (inPad, outPad) = (PadFor(inChannels), PadFor(outChannels));
        RegisterComponents();
    }

    public long InChannels { get; }

    /// <summary>The shared weight tensor (tests assert both domains use this very object).</summary>
    internal Parameter Weight => weight;

    public override Tensor forward(Tensor input)
    {
        Shapes.RequireChannels(input, InChannels, name: GetName());
        using var scope = NewDisposeScope();
        var (x, w, b) = (input, weight * scale, (Tensor)bias);
        if (inPad > 0)
            (x, w) = (nn.functional.pad(x, [0, 0, 0, 0, 0, inPad]), nn.functional.pad(w, [0, 0, 0, 0, 0, inPad]));
        if (outPad > 0)
            (w, b) = (nn.functional.pad(w, [0, 0, 0, 0, 0, 0, 0, outPad]), nn.functional.pad(b, [0, outPad]));
        var output = nn.functional.conv2d(x, w, b, padding: [padding, padding]);
        if (outPad > 0)
            output = output.narrow(1, 0, outChannels);
        FlopCounter.AddConv(output, weight);
        return output.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            scale.Dispose();
        base.Dispose(disposing);
    }

    private static long PadFor(long channels) =>
        channels <= 3 || channels % ChannelBlock == 0 ? 0 : ChannelBlock - (channels % ChannelBlock);
}

/// <summary>Fully connected layer with the equalised learning rate (PGGAN section 4.1).</summary>
internal sealed class EqualizedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Scalar scale;

    public EqualizedLinear(string name, long inFeatures, long outFeatures, double gain = 1.4142135623730951)
        : base(name)
    {
        weight = new Parameter(randn(outFeatures, inFeatures));
        bias = new Parameter(zeros(outFeatures));
        scale = (gain / Math.Sqrt(inFeatures)).ToScalar();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = nn.functional.linear(input, weight * scale, bias);
        FlopCounter.AddLinear(input, weight);
        return output.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            scale.Dispose();
        base.Dispose(disposing);
    }
}
