using TorchSharp;
using TorchSharp.Modules;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// TwinGAN's generator (section 3.1): PGGAN's generator from the 4x4 bottleneck up to the stage resolution, with
/// UNet skips concatenated from the encoder block of the same resolution. Convs are shared; norms and to-RGB
/// layers are the output domain's; with conditioning the norms are conditional on the style/attribute vector.
/// Keys: <c>head</c>, <c>blocks.r{res}.conv{0,1}</c>, <c>to_rgb.{domain}_{res}</c>.
/// </summary>
internal sealed class Generator : nn.Module<EncoderOutput, int, Tensor?, Stage, Tensor>
{
    private readonly ConvNormAct head;
    private readonly ModuleDict<GeneratorBlock> blocks = new();
    private readonly ModuleDict<EqualizedConv2d> to_rgb = new();
    private readonly ModelOptions options;

    public Generator(string name, ModelOptions options) : base(name)
    {
        this.options = options;
        var plan = options.Channels;
        head = new ConvNormAct("head", plan.ChannelsAt(4), plan.ChannelsAt(4), options, conditional: true);
        foreach (var r in Resolutions.UpTo(options.Resolution).Skip(1))
        {
            var skipChannels = options.UseSkips ? plan.ChannelsAt(r) : 0;
            blocks.Add($"r{r}", new GeneratorBlock($"r{r}", plan.ChannelsAt(r / 2) + skipChannels, plan.ChannelsAt(r), options));
        }
        foreach (var domain in options.Domains)
        {
            foreach (var r in Resolutions.UpTo(options.Resolution))
                to_rgb.Add(Encoder.RgbKey(domain, r), new EqualizedConv2d(Encoder.RgbKey(domain, r), plan.ChannelsAt(r), 3, 1, gain: 1.0));
        }
        RegisterComponents();
    }

    internal IEnumerable<ConvNormAct> Layers => blocks.Values.SelectMany(b => b.Layers).Prepend(head);

    public override Tensor forward(EncoderOutput encoded, int domain, Tensor? condition, Stage stage)
    {
        Shapes.RequireChannels(encoded.Bottleneck, options.Channels.ChannelsAt(4), GetName() + " bottleneck");
        var name = options.Domains[domain];
        using var scope = NewDisposeScope();
        var h = head.forward(encoded.Bottleneck, domain, condition);
        var previous = h;
        for (var r = 2 * Resolutions.Min; r <= stage.Resolution; r *= 2)
        {
            previous = h;
            var skip = options.UseSkips ? RequireSkip(encoded, r) : null;
            h = blocks[$"r{r}"].forward(h, skip, domain, condition);
        }
        var image = to_rgb[Encoder.RgbKey(name, stage.Resolution)].forward(h);
        if (stage.IsFading)
        {
            // PGGAN fade-in: blend with the previous stage's image, upsampled.
            var old = Ops.Up(to_rgb[Encoder.RgbKey(name, stage.Resolution / 2)].forward(previous));
            image = Ops.FadeIn(old, image, stage.Alpha);
        }
        return image.MoveToOuterDisposeScope();
    }

    private Tensor RequireSkip(EncoderOutput encoded, int resolution) =>
        encoded.Skips.TryGetValue(resolution, out var skip)
            ? skip
            : throw new ArgumentException($"{GetName()}: UNet skip for resolution {resolution} is missing; the encoder ran at a lower stage.");
}

/// <summary>Generator block at resolution r: 2x upsample, concatenate the skip, conv → C_r, conv C_r → C_r.</summary>
internal sealed class GeneratorBlock : nn.Module<Tensor, Tensor?, int, Tensor?, Tensor>
{
    private readonly ConvNormAct conv0;
    private readonly ConvNormAct conv1;

    public GeneratorBlock(string name, long inChannels, long channels, ModelOptions options) : base(name)
    {
        conv0 = new ConvNormAct("conv0", inChannels, channels, options, conditional: true);
        conv1 = new ConvNormAct("conv1", channels, channels, options, conditional: true);
        RegisterComponents();
    }

    internal IEnumerable<ConvNormAct> Layers => [conv0, conv1];

    public override Tensor forward(Tensor input, Tensor? skip, int domain, Tensor? condition)
    {
        using var scope = NewDisposeScope();
        var h = Ops.Up(input);
        if (skip is not null)
            h = cat([h, skip], 1);
        return conv1.forward(conv0.forward(h, domain, condition), domain, condition).MoveToOuterDisposeScope();
    }
}
