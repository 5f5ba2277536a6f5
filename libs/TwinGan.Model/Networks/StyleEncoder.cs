using TorchSharp;
using TorchSharp.Modules;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// The seed's optional style encoder: a small PGGAN-style conv stack (no norm) from a reference image to a
/// <see cref="ConditioningOptions.StyleDim"/>-d style vector by global average pooling, feeding the generator's
/// conditional norms ("translate into the look of this reference"). Shared by both domains.
/// Keys: <c>from_rgb.{res}</c>, <c>convs.r{res}</c>, <c>head</c>.
/// </summary>
internal sealed class StyleEncoder : nn.Module<Tensor, Stage, Tensor>
{
    private readonly ModuleDict<EqualizedConv2d> from_rgb = new();
    private readonly ModuleDict<EqualizedConv2d> convs = new();
    private readonly EqualizedLinear head;

    public StyleEncoder(string name, ModelOptions options) : base(name)
    {
        var plan = options.Channels;
        foreach (var r in Resolutions.UpTo(options.Resolution))
        {
            from_rgb.Add($"{r}", new EqualizedConv2d($"{r}", 3, plan.ChannelsAt(r), 1));
            if (r > Resolutions.Min)
                convs.Add($"r{r}", new EqualizedConv2d($"r{r}", plan.ChannelsAt(r), plan.ChannelsAt(r / 2), 3));
        }
        head = new EqualizedLinear("head", plan.ChannelsAt(4), options.Conditioning.StyleDim, gain: 1.0);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images, Stage stage)
    {
        Shapes.RequireImage(images, stage.Resolution, GetName());
        using var scope = NewDisposeScope();
        var h = Ops.LeakyRelu(from_rgb[$"{stage.Resolution}"].forward(images));
        for (var r = stage.Resolution; r > Resolutions.Min; r /= 2)
        {
            h = Ops.Down(Ops.LeakyRelu(convs[$"r{r}"].forward(h)));
            if (r == stage.Resolution && stage.IsFading) // PGGAN fade-in, as in the encoder
                h = Ops.FadeIn(Ops.LeakyRelu(from_rgb[$"{r / 2}"].forward(Ops.Down(images))), h, stage.Alpha);
        }
        return head.forward(h.mean([2, 3])).MoveToOuterDisposeScope();
    }
}
