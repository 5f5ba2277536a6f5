using TorchSharp;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

/// <summary>Proves the native backend loads on this host (see build/TorchSharpNative.targets) and trains.</summary>
public sealed class TorchSharpSmokeTests
{
    [Fact]
    public void ConvForwardBackwardAdam_OnThisHost_LossFalls()
    {
        torch.manual_seed(1);
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(3, 4, 3, padding: 1);
        var x = randn(2, 3, 8, 8);
        var target = zeros(2, 4, 8, 8);
        var adam = optim.Adam(conv.parameters(), lr: 0.05);

        var first = nn.functional.mse_loss(conv.forward(x), target);
        first.backward();
        Assert.NotNull(conv.weight!.grad);
        Assert.True(conv.weight.grad!.abs().sum().item<float>() > 0f, "the conv weight received no gradient");
        var before = first.item<float>();
        for (var i = 0; i < 20; i++)
        {
            adam.zero_grad();
            var loss = nn.functional.mse_loss(conv.forward(x), target);
            loss.backward();
            adam.step();
        }
        var after = nn.functional.mse_loss(conv.forward(x), target).item<float>();
        Assert.True(after < before * 0.5f, $"loss did not fall: {before} -> {after}");
    }
}
