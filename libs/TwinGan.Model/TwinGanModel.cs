using TorchSharp;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;
using TwinGan.Model.Training;

namespace TwinGan.Model;

/// <summary>
/// Everything that is trained: the translation network (E, G, optional S), its EMA copy (what gets served), and
/// the per-domain discriminators. Created from options and a seed, so a run is reproducible.
/// </summary>
public sealed class TwinGanModel : IDisposable
{
    private TwinGanModel(ModelOptions options, TwinGanNetwork network, TwinGanNetwork ema, DiscriminatorPair discriminators)
    {
        Options = options;
        Network = network;
        Ema = ema;
        Discriminators = discriminators;
    }

    public ModelOptions Options { get; }

    /// <summary>The live E/G/S being optimised.</summary>
    public TwinGanNetwork Network { get; }

    /// <summary>The EMA of <see cref="Network"/>; always in eval mode.</summary>
    public TwinGanNetwork Ema { get; }

    public DiscriminatorPair Discriminators { get; }

    /// <summary>Builds all networks with weights drawn from <paramref name="seed"/>; the EMA starts as a copy.</summary>
    public static TwinGanModel Create(ModelOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        torch.manual_seed(seed);
        var network = new TwinGanNetwork(options);
        var discriminators = new DiscriminatorPair(options);
        var ema = new TwinGanNetwork(options);
        Training.Ema.Copy(ema, network);
        ema.eval();
        foreach (var parameter in ema.parameters())
            parameter.requires_grad_(false);
        return new TwinGanModel(options, network, ema, discriminators);
    }

    /// <summary>Sets the batch renorm clipping of every renorm layer in the live network.</summary>
    internal void SetRenormClipping(RenormClipping clipping)
    {
        foreach (var module in Network.modules().OfType<BatchRenorm2d>())
            module.Clipping = clipping;
    }

    public void Dispose()
    {
        Network.Dispose();
        Ema.Dispose();
        Discriminators.Dispose();
    }
}
