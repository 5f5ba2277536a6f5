using TorchSharp;
using TorchSharp.Modules;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Networks;

/// <summary>
/// The per-domain normalisation of TwinGAN section 3.2: one norm (γ, β, running statistics) per domain, chosen by
/// the domain index, behind a single conv whose weights both domains share. With conditioning, an extra
/// per-domain linear map (an affine map as in StyleGAN's AdaIN) turns the condition vector into γ/β offsets (conditional norm).
/// With <see cref="ModelOptions.PerDomainNorm"/> off there is one shared entry (the ablation baseline).
/// </summary>
internal sealed class DomainNorm : nn.Module<Tensor, int, Tensor?, Tensor>
{
    /// <summary>Key of the single entry when norms are shared.</summary>
    public const string SharedKey = "shared";

    private readonly ModuleDict<nn.Module<Tensor, Tensor>> norms = new();
    private readonly ModuleDict<EqualizedLinear> cond = new();
    private readonly string[] keys;
    private readonly long channels;

    public DomainNorm(string name, long channels, ModelOptions options, bool conditional) : base(name)
    {
        this.channels = channels;
        keys = options.PerDomainNorm ? [.. options.Domains] : [SharedKey, SharedKey];
        foreach (var key in keys.Distinct())
        {
            norms.Add(key, options.Norm == NormKind.BatchNorm ? nn.BatchNorm2d(channels) : new BatchRenorm2d(key, channels));
            if (conditional && options.Conditioning.ConditionDim > 0)
                cond.Add(key, new EqualizedLinear(key, options.Conditioning.ConditionDim, 2 * channels, gain: 1.0));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, int domain, Tensor? condition)
    {
        Shapes.RequireChannels(input, channels, GetName());
        var key = keys[domain];
        using var scope = NewDisposeScope();
        var y = norms[key].forward(input);
        if (condition is not null && cond.TryGetValue(key, out var map))
        {
            var gammaBeta = map.forward(condition).view(-1, 2 * channels, 1, 1);
            var (gamma, beta) = (gammaBeta[.., ..(int)channels], gammaBeta[.., (int)channels..]);
            y = (y * (gamma + Scalars.One)) + beta;
        }
        return y.MoveToOuterDisposeScope();
    }
}
