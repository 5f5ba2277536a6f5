using TorchSharp;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Training;

/// <summary>The loss functions of TwinGAN section 3.3, each returning a scalar tensor.</summary>
public static class Losses
{
    /// <summary>Discriminator loss on real and fake logits.</summary>
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits, GanLossKind kind)
    {
        ArgumentNullException.ThrowIfNull(realLogits);
        ArgumentNullException.ThrowIfNull(fakeLogits);
        using var scope = NewDisposeScope();
        var loss = kind switch
        {
            GanLossKind.NonSaturating => nn.functional.softplus(-realLogits).mean() + nn.functional.softplus(fakeLogits).mean(),
            GanLossKind.Hinge => nn.functional.relu((-realLogits).add(Scalars.One)).mean() + nn.functional.relu(fakeLogits.add(Scalars.One)).mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown GAN loss."),
        };
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Generator loss: the non-saturating -log D(G(x)) (Goodfellow et al. 2014, section 3), or hinge's -D(G(x)).</summary>
    public static Tensor Generator(Tensor fakeLogits, GanLossKind kind)
    {
        ArgumentNullException.ThrowIfNull(fakeLogits);
        using var scope = NewDisposeScope();
        var loss = kind switch
        {
            GanLossKind.NonSaturating => nn.functional.softplus(-fakeLogits).mean(),
            GanLossKind.Hinge => -fakeLogits.mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown GAN loss."),
        };
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// DRAGAN's perturbed real point (Kodali et al. 2017): x + c * std(x) * U[-1, 1], elementwise noise, std over
    /// the whole batch. The penalty is evaluated there, around the real data manifold.
    /// </summary>
    public static Tensor DraganPoint(Tensor real, double perturbation, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        using var scope = NewDisposeScope();
        var noise = rand(real.shape, generator: generator).mul(Scalars.Two).sub(Scalars.One);
        return (real.detach() + Scalars.Weighted(perturbation, noise * real.detach().std())).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Gradient penalty mean((||∇_x D(x)||₂ - 1)²) at <paramref name="point"/>, built with create_graph so that its
    /// gradient reaches the discriminator's parameters (double backpropagation).
    /// </summary>
    public static Tensor GradientPenalty(Func<Tensor, Tensor> discriminator, Tensor point)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(point);
        using var scope = NewDisposeScope();
        var x = point.detach().requires_grad_(true);
        var output = discriminator(x);
        var gradient = torch.autograd.grad([output.sum()], [x], retain_graph: true, create_graph: true)[0];
        var norm = gradient.flatten(1).square().sum(1).add(Scalars.GradientEpsilon).sqrt();
        return norm.sub(Scalars.One).square().mean().MoveToOuterDisposeScope();
    }

    /// <summary>Mean absolute error, the reconstruction and semantic-consistency distance.</summary>
    public static Tensor L1(Tensor a, Tensor b) => nn.functional.l1_loss(a, b);

    /// <summary>Attribute classification loss (AC-GAN) on attribute logits against 0/1 labels.</summary>
    public static Tensor Attributes(Tensor logits, Tensor labels) =>
        nn.functional.binary_cross_entropy_with_logits(logits, labels.to_type(logits.dtype));
}
