using TorchSharp;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

public sealed class NetworkShapeTests
{
    [Theory]
    [InlineData(4, 1.0)]
    [InlineData(8, 0.5)]
    [InlineData(8, 1.0)]
    [InlineData(16, 0.3)]
    [InlineData(32, 0.7)]
    [InlineData(32, 1.0)]
    public void Translate_AtEveryStage_ReturnsImageOfStageResolution(int resolution, double alpha)
    {
        torch.manual_seed(1);
        using var scope = NewDisposeScope();
        using var network = new TwinGanNetwork(TinyModels.Options(32));
        using var discriminators = new DiscriminatorPair(TinyModels.Options(32));
        var stage = new Stage(resolution, alpha);
        var x = TinyModels.Images(2, resolution, 3);

        var encoded = network.Encode(x, 0, stage);
        var y = network.Decode(encoded, 1, null, stage);
        var judged = discriminators.Judge(y, 1, stage);

        Assert.Equal([2, ChannelPlan.Tiny.ChannelsAt(4), 4, 4], encoded.Bottleneck.shape);
        Assert.Equal(Resolutions.UpTo(resolution).Skip(1), encoded.Skips.Keys.Order());
        Assert.Equal([2, 3, resolution, resolution], y.shape);
        Assert.Equal([2], judged.Logits.shape);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    public void Translate_FadeInAlphaZero_ReproducesPreviousStageUpsampled(int resolution)
    {
        torch.manual_seed(2);
        using var scope = NewDisposeScope();
        using var network = new TwinGanNetwork(TinyModels.Options(32));
        network.eval();
        var x = TinyModels.Images(2, resolution, 4);

        var faded = network.Translate(x, 0, 1, new Stage(resolution, 0.0));
        var previous = network.Translate(nn.functional.avg_pool2d(x, 2), 0, 1, new Stage(resolution / 2));
        var upsampled = nn.functional.interpolate(previous, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);

        Assert.True(faded.allclose(upsampled, rtol: 1e-5, atol: 1e-6), $"max diff {(faded - upsampled).abs().max().item<float>()}");
    }

    [Fact]
    public void DiscriminatorJudge_FadeInAlphaZero_MatchesPreviousStageOnDownsampledImage()
    {
        torch.manual_seed(3);
        using var scope = NewDisposeScope();
        using var discriminators = new DiscriminatorPair(TinyModels.Options(16));
        var x = TinyModels.Images(4, 16, 5);

        var faded = discriminators.Judge(x, 0, new Stage(16, 0.0)).Logits;
        var previous = discriminators.Judge(nn.functional.avg_pool2d(x, 2), 0, new Stage(8)).Logits;

        Assert.True(faded.allclose(previous, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Encode_WrongResolution_ThrowsNamingHeightDimension()
    {
        using var scope = NewDisposeScope();
        using var network = new TwinGanNetwork(TinyModels.Options(16));

        var error = Assert.Throws<ArgumentException>(() => network.Encode(TinyModels.Images(1, 8, 1), 0, new Stage(16)));

        Assert.Contains("dimension 2 (height) is 8, expected 16", error.Message);
    }

    [Fact]
    public void Encode_WrongChannelCount_ThrowsNamingChannelDimension()
    {
        using var scope = NewDisposeScope();
        using var network = new TwinGanNetwork(TinyModels.Options(8));

        var error = Assert.Throws<ArgumentException>(() => network.Encode(torch.zeros(1, 4, 8, 8), 0, new Stage(8)));

        Assert.Contains("dimension 1 (channels) is 4, expected 3", error.Message);
    }
}
