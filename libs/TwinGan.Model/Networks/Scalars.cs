using TorchSharp;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// TorchSharp 0.107 passes a <see cref="Scalar"/>'s raw native handle to LibTorch and does not keep the managed object
/// alive during the call, and <see cref="Scalar"/> frees its native value in a finalizer. A temporary from an implicit
/// conversion (<c>tensor * 0.5</c>, <c>clamp(-1, 1)</c>, <c>leaky_relu(x, 0.2)</c>) can therefore be finalised while
/// LibTorch still reads it when another thread triggers a GC — seen here as "Unknown scalar type" and
/// "toFloat at c10/core/Scalar.h" under concurrent load (docs/model.md). Every scalar on the model's paths is either
/// one of these process-lifetime constants or a <see cref="Scalar"/> the caller keeps in a <c>using</c> (alive
/// until after the call).
/// </summary>
internal static class Scalars
{
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar MinusOne = (-1.0).ToScalar();
    public static readonly Scalar Two = 2.0.ToScalar();
    public static readonly Scalar Epsilon = 1e-8.ToScalar();
    public static readonly Scalar GradientEpsilon = 1e-12.ToScalar();
    public static readonly Scalar LeakySlope = Ops.LeakySlope.ToScalar();

    /// <summary><paramref name="weight"/> · <paramref name="term"/>, the scalar kept alive until the product exists.</summary>
    public static Tensor Weighted(double weight, Tensor term)
    {
        using var w = weight.ToScalar();
        return term * w;
    }
}
