using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// Conv with PGGAN's equalised learning rate (Karras et al. 2018, section 4.1): weights drawn from N(0, 1) and
/// scaled at run time by He's constant gain / sqrt(fan_in), so Adam sees every layer at the same scale.
/// </summary>
internal sealed class EqualizedConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double scale;
    private readonly long padding;

    public EqualizedConv2d(string name, long inChannels, long outChannels, long kernelSize, double gain = 1.4142135623730951)
        : base(name)
    {
        weight = new Parameter(randn(outChannels, inChannels, kernelSize, kernelSize));
        bias = new Parameter(zeros(outChannels));
        scale = gain / Math.Sqrt(inChannels * kernelSize * kernelSize);
        padding = kernelSize / 2;
        InChannels = inChannels;
        RegisterComponents();
    }

    public long InChannels { get; }

    /// <summary>The shared weight tensor (tests assert both domains use this very object).</summary>
    internal Parameter Weight => weight;

    public override Tensor forward(Tensor input)
    {
        Shapes.RequireChannels(input, InChannels, name: GetName());
        using var scope = NewDisposeScope();
        var output = nn.functional.conv2d(input, weight * scale, bias, padding: [padding, padding]);
        FlopCounter.AddConv(output, weight);
        return output.MoveToOuterDisposeScope();
    }
}

/// <summary>Fully connected layer with the equalised learning rate (PGGAN section 4.1).</summary>
internal sealed class EqualizedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double scale;

    public EqualizedLinear(string name, long inFeatures, long outFeatures, double gain = 1.4142135623730951)
        : base(name)
    {
        weight = new Parameter(randn(outFeatures, inFeatures));
        bias = new Parameter(zeros(outFeatures));
        scale = gain / Math.Sqrt(inFeatures);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = nn.functional.linear(input, weight * scale, bias);
        FlopCounter.AddLinear(input, weight);
        return output.MoveToOuterDisposeScope();
    }
}
