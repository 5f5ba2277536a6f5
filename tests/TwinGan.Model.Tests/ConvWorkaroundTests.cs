using TorchSharp;
using TwinGan.Model.Networks;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

/// <summary>Regression for the LibTorch CPU conv defects on channel counts that are not multiples of 16.</summary>
public sealed class ConvWorkaroundTests
{
    [Theory]
    [InlineData(3, 8, 1, 16)]
    [InlineData(8, 3, 1, 16)]
    [InlineData(8, 8, 3, 16)]
    [InlineData(16, 8, 3, 32)]
    [InlineData(17, 16, 3, 4)]
    [InlineData(24, 8, 3, 16)]
    [InlineData(257, 256, 3, 4)]
    public void ForwardAndBackward_AwkwardChannelCounts_MatchFloat64Reference(int inChannels, int outChannels, int kernel, int size)
    {
        torch.manual_seed(1);
        using var scope = NewDisposeScope();
        using var conv = new EqualizedConv2d("conv", inChannels, outChannels, kernel);
        for (var run = 0; run < 5; run++)
        {
            var x = randn(4, inChannels, size, size);
            var g = randn(4, outChannels, size, size);
            var (y64, dx64, dw64) = Run(conv.to(ScalarType.Float64), x.to_type(ScalarType.Float64), g.to_type(ScalarType.Float64));
            var (y32, dx32, dw32) = Run(conv.to(ScalarType.Float32), x, g);

            Assert.True(RelativeError(y32, y64) < 1e-5, $"run {run}: forward error {RelativeError(y32, y64)}");
            Assert.True(RelativeError(dx32, dx64) < 1e-5, $"run {run}: input-gradient error {RelativeError(dx32, dx64)}");
            Assert.True(RelativeError(dw32, dw64) < 1e-5, $"run {run}: weight-gradient error {RelativeError(dw32, dw64)}");
        }
    }

    private static (Tensor Y, Tensor Dx, Tensor Dw) Run(EqualizedConv2d conv, Tensor x, Tensor g)
    {
        conv.zero_grad();
        var input = x.detach().requires_grad_(true);
        var y = conv.forward(input);
        (y * g).sum().backward();
        return (y.detach(), input.grad!.clone(), conv.Weight.grad!.clone());
    }

    private static double RelativeError(Tensor a, Tensor reference)
    {
        var r = reference.to_type(ScalarType.Float64);
        var error = ((a.to_type(ScalarType.Float64) - r).abs().max() / (r.abs().max() + 1e-12)).item<double>();
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }
}
