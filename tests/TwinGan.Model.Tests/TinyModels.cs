using TorchSharp;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

/// <summary>Tiny models and inputs shared by the tests (4..32 px, 8–16 channels).</summary>
internal static class TinyModels
{
    public static readonly string[] Domains = ["photo", "anime"];

    public static ModelOptions Options(int resolution = 16, NormKind norm = NormKind.BatchNorm, ConditioningOptions? conditioning = null) =>
        new(Domains, resolution, ChannelPlan.Tiny, norm, UseSkips: true, PerDomainNorm: true, conditioning ?? ConditioningOptions.None);

    /// <summary>Images in [-1, 1] from a fixed seed.</summary>
    public static Tensor Images(long batch, int resolution, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return (rand([batch, 3, resolution, resolution], generator: generator) * 2) - 1;
    }
}
