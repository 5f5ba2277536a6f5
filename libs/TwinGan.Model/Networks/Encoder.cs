using TorchSharp;
using TorchSharp.Modules;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// TwinGAN's encoder (section 3.1): the PGGAN generator mirrored, from the image down to a 4x4xC bottleneck.
/// From-RGB layers are per domain (the input domain's); the convs are shared and the norms are the input
/// domain's. Keys: <c>from_rgb.{domain}_{res}</c>, <c>blocks.r{res}.conv{0,1}</c>, <c>bottleneck</c>.
/// </summary>
internal sealed class Encoder : nn.Module<Tensor, int, Stage, EncoderOutput>
{
    private readonly ModuleDict<EqualizedConv2d> from_rgb = new();
    private readonly ModuleDict<EncoderBlock> blocks = new();
    private readonly ConvNormAct bottleneck;
    private readonly ModelOptions options;

    public Encoder(string name, ModelOptions options) : base(name)
    {
        this.options = options;
        var plan = options.Channels;
        foreach (var domain in options.Domains)
        {
            foreach (var r in Resolutions.UpTo(options.Resolution))
                from_rgb.Add(RgbKey(domain, r), new EqualizedConv2d(RgbKey(domain, r), 3, plan.ChannelsAt(r), 1));
        }
        foreach (var r in Resolutions.UpTo(options.Resolution).Skip(1))
            blocks.Add($"r{r}", new EncoderBlock($"r{r}", plan.ChannelsAt(r), plan.ChannelsAt(r / 2), options));
        bottleneck = new ConvNormAct("bottleneck", plan.ChannelsAt(4), plan.ChannelsAt(4), options, conditional: false);
        RegisterComponents();
    }

    internal static string RgbKey(string domain, int resolution) => $"{domain}_{resolution}";

    internal IEnumerable<ConvNormAct> Layers => blocks.Values.SelectMany(b => b.Layers).Append(bottleneck);

    public override EncoderOutput forward(Tensor images, int domain, Stage stage)
    {
        Shapes.RequireImage(images, stage.Resolution, GetName());
        var name = options.Domains[domain];
        using var scope = NewDisposeScope();
        var skips = new Dictionary<int, Tensor>();
        var h = Ops.LeakyRelu(from_rgb[RgbKey(name, stage.Resolution)].forward(images));
        for (var r = stage.Resolution; r > Resolutions.Min; r /= 2)
        {
            (skips[r], h) = blocks[$"r{r}"].forward(h, domain);
            if (r == stage.Resolution && stage.IsFading)
            {
                // PGGAN fade-in: the previous stage read the half-size image through its own from-RGB.
                var old = Ops.LeakyRelu(from_rgb[RgbKey(name, r / 2)].forward(Ops.Down(images)));
                h = Ops.FadeIn(old, h, stage.Alpha);
            }
        }
        return new EncoderOutput(bottleneck.forward(h, domain, null), skips).MoveToOuterDisposeScope();
    }
}

/// <summary>Encoder block at resolution r: conv C_r→C_r (its output is the UNet skip), conv C_r→C_{r/2}, 2x pool.</summary>
internal sealed class EncoderBlock : nn.Module<Tensor, int, (Tensor Skip, Tensor Output)>
{
    private readonly ConvNormAct conv0;
    private readonly ConvNormAct conv1;

    public EncoderBlock(string name, long channels, long outChannels, ModelOptions options) : base(name)
    {
        conv0 = new ConvNormAct("conv0", channels, channels, options, conditional: false);
        conv1 = new ConvNormAct("conv1", channels, outChannels, options, conditional: false);
        RegisterComponents();
    }

    internal IEnumerable<ConvNormAct> Layers => [conv0, conv1];

    public override (Tensor Skip, Tensor Output) forward(Tensor input, int domain)
    {
        using var scope = NewDisposeScope();
        var skip = conv0.forward(input, domain, null);
        var output = Ops.Down(conv1.forward(skip, domain, null));
        return (skip.MoveToOuterDisposeScope(), output.MoveToOuterDisposeScope());
    }
}
