using TorchSharp;
using TorchSharp.Modules;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>Discriminator outputs: the real/fake logit per image and, with attribute conditioning, attribute logits.</summary>
public sealed record DiscriminatorOutput(Tensor Logits, Tensor? AttributeLogits);

/// <summary>
/// PGGAN's discriminator (Karras et al. 2018, table 2), one per domain, no normalisation: from-RGB, blocks down to
/// 4x4, minibatch standard deviation (section 3), conv, two dense layers. With attribute conditioning the last
/// layer also predicts the attribute labels (an auxiliary classifier, AC-GAN style) so "green hair" has a signal.
/// Keys: <c>from_rgb.{res}</c>, <c>blocks.r{res}.conv{0,1}</c>, <c>final_conv</c>, <c>dense0</c>, <c>dense1</c>.
/// </summary>
internal sealed class Discriminator : nn.Module<Tensor, Stage, DiscriminatorOutput>
{
    /// <summary>Minibatch-stddev group size (PGGAN's default 4).</summary>
    private const int StddevGroup = 4;

    private readonly ModuleDict<EqualizedConv2d> from_rgb = new();
    private readonly ModuleDict<EqualizedConv2d> blocks = new();
    private readonly EqualizedConv2d final_conv;
    private readonly EqualizedLinear dense0;
    private readonly EqualizedLinear dense1;
    private readonly int attributeCount;

    public Discriminator(string name, ModelOptions options) : base(name)
    {
        var plan = options.Channels;
        attributeCount = options.Conditioning.AttributeCount;
        foreach (var r in Resolutions.UpTo(options.Resolution))
            from_rgb.Add($"{r}", new EqualizedConv2d($"{r}", 3, plan.ChannelsAt(r), 1));
        foreach (var r in Resolutions.UpTo(options.Resolution).Skip(1))
        {
            blocks.Add($"r{r}_conv0", new EqualizedConv2d("conv0", plan.ChannelsAt(r), plan.ChannelsAt(r), 3));
            blocks.Add($"r{r}_conv1", new EqualizedConv2d("conv1", plan.ChannelsAt(r), plan.ChannelsAt(r / 2), 3));
        }
        var c4 = plan.ChannelsAt(4);
        final_conv = new EqualizedConv2d("final_conv", c4 + 1, c4, 3);
        dense0 = new EqualizedLinear("dense0", c4 * 16, c4);
        dense1 = new EqualizedLinear("dense1", c4, 1 + attributeCount, gain: 1.0);
        RegisterComponents();
    }

    public override DiscriminatorOutput forward(Tensor images, Stage stage)
    {
        Shapes.RequireImage(images, stage.Resolution, GetName());
        using var scope = NewDisposeScope();
        var h = Ops.LeakyRelu(from_rgb[$"{stage.Resolution}"].forward(images));
        for (var r = stage.Resolution; r > Resolutions.Min; r /= 2)
        {
            h = Ops.LeakyRelu(blocks[$"r{r}_conv0"].forward(h));
            h = Ops.Down(Ops.LeakyRelu(blocks[$"r{r}_conv1"].forward(h)));
            if (r == stage.Resolution && stage.IsFading)
                h = Ops.FadeIn(Ops.LeakyRelu(from_rgb[$"{r / 2}"].forward(Ops.Down(images))), h, stage.Alpha);
        }
        h = Ops.LeakyRelu(final_conv.forward(MinibatchStddev(h)));
        var output = dense1.forward(Ops.LeakyRelu(dense0.forward(h.flatten(1))));
        var logits = output[.., 0].MoveToOuterDisposeScope();
        var attributes = attributeCount > 0 ? output[.., 1..].MoveToOuterDisposeScope() : null;
        return new DiscriminatorOutput(logits, attributes);
    }

    /// <summary>
    /// PGGAN section 3: the stddev of each feature over a group of images, averaged to one value per group,
    /// appended as an extra feature map so the discriminator can see (lack of) variation.
    /// </summary>
    internal static Tensor MinibatchStddev(Tensor x)
    {
        using var scope = NewDisposeScope();
        var n = x.shape[0];
        // PGGAN needs the batch divisible by the group: take the largest divisor up to the default size.
        var group = Enumerable.Range(1, (int)Math.Min(StddevGroup, n)).Last(g => n % g == 0);
        var (c, height, width) = (x.shape[1], x.shape[2], x.shape[3]);
        var y = x.view(group, -1, c, height, width);
        y = (y - y.mean([0], keepdim: true)).square().mean([0]).add(Scalars.Epsilon).sqrt();
        y = y.mean([1, 2, 3]).view(-1, 1, 1, 1).repeat(group, 1, height, width);
        return cat([x, y], 1).MoveToOuterDisposeScope();
    }
}
