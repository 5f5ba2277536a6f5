using TorchSharp;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>Stateless PGGAN operations (Karras et al. 2018, sections 2 and 4.2).</summary>
internal static class Ops
{
    /// <summary>Leaky ReLU slope used everywhere in PGGAN and TwinGAN.</summary>
    public const double LeakySlope = 0.2;

    /// <summary>Pixelwise feature-vector normalisation (PGGAN section 4.2).</summary>
    public static Tensor PixelNorm(Tensor x)
    {
        using var scope = NewDisposeScope();
        return (x * x.square().mean([1], keepdim: true).add(Scalars.Epsilon).rsqrt()).MoveToOuterDisposeScope();
    }

    public static Tensor LeakyRelu(Tensor x) => x.leaky_relu(Scalars.LeakySlope);

    /// <summary>2x average-pool, PGGAN's downsampling.</summary>
    public static Tensor Down(Tensor x) => nn.functional.avg_pool2d(x, 2);

    /// <summary>2x nearest-neighbour upsampling, PGGAN's upsampling.</summary>
    public static Tensor Up(Tensor x) => nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);

    /// <summary>Fade-in blend (PGGAN section 3, figure 2): (1 - alpha) * old path + alpha * new path.</summary>
    public static Tensor FadeIn(Tensor oldPath, Tensor newPath, double alpha)
    {
        if (alpha >= 1.0)
            return newPath.alias();
        using var scope = NewDisposeScope();
        using var keep = (1.0 - alpha).ToScalar();
        using var take = alpha.ToScalar();
        return (oldPath * keep + newPath * take).MoveToOuterDisposeScope();
    }
}
