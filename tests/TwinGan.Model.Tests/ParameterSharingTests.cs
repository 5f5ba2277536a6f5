using TorchSharp;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

public sealed class ParameterSharingTests
{
    [Fact]
    public void Network_ConvWeights_AreOneTensorForBothDomains()
    {
        using var scope = NewDisposeScope();
        using var network = new TwinGanNetwork(TinyModels.Options(16));
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var layers = network.EncoderModule.Layers.Concat(network.GeneratorModule.Layers).ToList();

        foreach (var layer in layers)
        {
            var registered = parameters.Values.Where(p => ReferenceEquals(p, layer.Conv.Weight)).ToList();
            Assert.Single(registered);
        }
        var convNames = parameters.Keys.Where(n => n.EndsWith(".conv.weight", StringComparison.Ordinal)).ToList();
        Assert.Equal(layers.Count, convNames.Count);
        Assert.DoesNotContain(convNames, n => TinyModels.Domains.Any(d => n.Contains(d, StringComparison.Ordinal)));
    }

    [Fact]
    public void Network_NormParameters_ArePerDomain()
    {
        using var scope = NewDisposeScope();
        using var network = new TwinGanNetwork(TinyModels.Options(16));
        var names = network.named_parameters().Select(p => p.name).Where(n => n.Contains(".norm.", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(names);
        var photo = names.Where(n => n.Contains(".norms.photo.", StringComparison.Ordinal)).Select(n => n.Replace("photo", "anime", StringComparison.Ordinal));
        Assert.Equal(names.Count / 2, photo.Count());
        Assert.All(photo, n => Assert.Contains(n, names));
    }

    [Fact]
    public void Backward_OfDomainZeroOnlyLoss_ReachesSharedConvsAndOnlyThatDomainsNorms()
    {
        torch.manual_seed(5);
        using var scope = NewDisposeScope();
        using var network = new TwinGanNetwork(TinyModels.Options(8));

        network.Translate(TinyModels.Images(4, 8, 1), 0, 0, new Stage(8)).abs().mean().backward();

        var grads = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        Assert.All(grads.Where(g => g.Key.EndsWith(".conv.weight", StringComparison.Ordinal)), g => Assert.True(g.Value is not null && g.Value.abs().sum().item<float>() > 0, g.Key));
        Assert.All(grads.Where(g => g.Key.Contains("norms.photo", StringComparison.Ordinal)), g => Assert.NotNull(g.Value));
        Assert.All(grads.Where(g => g.Key.Contains("norms.anime", StringComparison.Ordinal)), g => Assert.Null(g.Value));
    }

    [Fact]
    public void AblationBaseline_SharedNorm_HasNoDomainNormsAndNoSkips()
    {
        using var scope = NewDisposeScope();
        var options = TinyModels.Options(16).AsAblationBaseline();
        using var network = new TwinGanNetwork(options);

        var names = network.named_parameters().Select(p => p.name).ToList();
        Assert.DoesNotContain(names, n => n.Contains("norms.photo", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("norms.shared", StringComparison.Ordinal));
        var y = network.Translate(TinyModels.Images(2, 16, 1), 0, 1, new Stage(16));
        Assert.Equal([2, 3, 16, 16], y.shape);

        // No skips: each generator block's first conv takes only the upsampled previous block (a skip would add C_r
        // input channels), and decoding needs nothing from the encoder but the bottleneck.
        var plan = options.Channels;
        var blockInputs = network.GeneratorModule.Layers.Skip(1).Chunk(2).Select(block => block[0].Conv.InChannels).ToList();
        Assert.Equal(Resolutions.UpTo(16).Skip(1).Select(r => (long)plan.ChannelsAt(r / 2)), blockInputs);
        using var encoded = network.Encode(TinyModels.Images(2, 16, 2), 0, new Stage(16));
        var bottleneckOnly = new EncoderOutput(encoded.Bottleneck, new Dictionary<int, Tensor>());
        Assert.Equal([2, 3, 16, 16], network.Decode(bottleneckOnly, 1, null, new Stage(16)).shape);
    }

    [Fact]
    public void FullModel_GeneratorBlocks_TakeTheSkipChannelsAndRequireTheSkips()
    {
        using var scope = NewDisposeScope();
        var options = TinyModels.Options(16);
        using var network = new TwinGanNetwork(options);

        var plan = options.Channels;
        var blockInputs = network.GeneratorModule.Layers.Skip(1).Chunk(2).Select(block => block[0].Conv.InChannels).ToList();
        Assert.Equal(Resolutions.UpTo(16).Skip(1).Select(r => (long)(plan.ChannelsAt(r / 2) + plan.ChannelsAt(r))), blockInputs);
        using var encoded = network.Encode(TinyModels.Images(2, 16, 2), 0, new Stage(16));
        var bottleneckOnly = new EncoderOutput(encoded.Bottleneck, new Dictionary<int, Tensor>());
        Assert.Throws<ArgumentException>(() => network.Decode(bottleneckOnly, 1, null, new Stage(16)));
    }
}
