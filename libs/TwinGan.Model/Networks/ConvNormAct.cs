using TorchSharp;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// TwinGAN's layer (ARCHITECTURE.md section 5): shared 3x3 conv → the domain's norm → leaky ReLU 0.2 → pixel norm.
/// The conv weight is one tensor for both domains; only <see cref="DomainNorm"/> differs per domain.
/// </summary>
internal sealed class ConvNormAct : nn.Module<Tensor, int, Tensor?, Tensor>
{
    private readonly EqualizedConv2d conv;
    private readonly DomainNorm norm;

    public ConvNormAct(string name, long inChannels, long outChannels, ModelOptions options, bool conditional) : base(name)
    {
        conv = new EqualizedConv2d("conv", inChannels, outChannels, 3);
        norm = new DomainNorm("norm", outChannels, options, conditional);
        RegisterComponents();
    }

    internal EqualizedConv2d Conv => conv;

    internal DomainNorm Norm => norm;

    public override Tensor forward(Tensor input, int domain, Tensor? condition)
    {
        using var scope = NewDisposeScope();
        var h = norm.forward(conv.forward(input), domain, condition);
        return Ops.PixelNorm(Ops.LeakyRelu(h)).MoveToOuterDisposeScope();
    }
}
