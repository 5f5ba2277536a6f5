namespace TwinGan.Model.Options;

/// <summary>
/// Feature maps per resolution, PGGAN's plan (Karras et al. 2018, appendix A): a block at resolution r has
/// clamp(FmapBase * 2 / r, FmapMin, FmapMax) channels. The original TwinGAN run caps at 256 channels.
/// </summary>
public sealed record ChannelPlan(string Name, int FmapBase, int FmapMax, int FmapMin)
{
    /// <summary>The original's plan: 256 channels up to 64 px, then halving (128 at 128 px, 64 at 256 px).</summary>
    public static ChannelPlan Original { get; } = new("original", 8192, 256, 16);

    /// <summary>A CPU-sized plan: 64 channels up to 32 px, then halving down to 16.</summary>
    public static ChannelPlan Small { get; } = new("small", 2048, 64, 16);

    /// <summary>Test plan: 16 channels at 4–8 px, 8 from 16 px up.</summary>
    public static ChannelPlan Tiny { get; } = new("tiny", 64, 16, 8);

    /// <summary>Turns an option name into a plan; unknown names are refused.</summary>
    public static ChannelPlan FromName(string name) => name switch
    {
        "original" => Original,
        "small" => Small,
        "tiny" => Tiny,
        _ => throw new ArgumentException($"Unknown channel plan '{name}'; expected original, small or tiny.", nameof(name)),
    };

    /// <summary>Channels of the blocks working at <paramref name="resolution"/> pixels.</summary>
    public int ChannelsAt(int resolution)
    {
        Resolutions.Validate(resolution, nameof(resolution));
        return Math.Clamp(FmapBase * 2 / resolution, FmapMin, FmapMax);
    }

    /// <summary>The plan spelled out from 4 px to <paramref name="finalResolution"/> (recorded in bundle manifests).</summary>
    public IReadOnlyDictionary<int, int> Describe(int finalResolution) =>
        Resolutions.UpTo(finalResolution).ToDictionary(r => r, ChannelsAt);

    /// <summary>Checks the plan's numbers; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (FmapMin < 1)
            throw new ArgumentException($"Channel plan '{Name}': FmapMin must be >= 1, got {FmapMin}.");
        if (FmapMax < FmapMin)
            throw new ArgumentException($"Channel plan '{Name}': FmapMax {FmapMax} < FmapMin {FmapMin}.");
        if (FmapBase < 1)
            throw new ArgumentException($"Channel plan '{Name}': FmapBase must be >= 1, got {FmapBase}.");
    }
}
