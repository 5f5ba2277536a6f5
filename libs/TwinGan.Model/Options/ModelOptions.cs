using System.Text.Json.Serialization;

namespace TwinGan.Model.Options;

/// <summary>Which normalisation each domain owns (TwinGAN section 3.2: domain-specific batch norm / renorm).</summary>
public enum NormKind
{
    /// <summary>Batch normalisation (Ioffe and Szegedy 2015).</summary>
    BatchNorm,

    /// <summary>Batch renormalisation (Ioffe 2017) with the r/d clipping schedule of <see cref="RenormSchedule"/>.</summary>
    BatchRenorm,
}

/// <summary>
/// Optional conditioning of the generator's normalisation (the seed's extension of TwinGAN): a style embedding of
/// a reference image and/or an attribute label vector, mapped to per-domain γ/β offsets.
/// </summary>
/// <param name="StyleDim">Style embedding size; 0 disables the style encoder (16 when enabled by default).</param>
/// <param name="AttributeNames">Attribute labels in vector order (e.g. "hair_green"); empty disables them.</param>
public sealed record ConditioningOptions(int StyleDim, IReadOnlyList<string> AttributeNames)
{
    /// <summary>Default style embedding size when the style encoder is on.</summary>
    public const int DefaultStyleDim = 16;

    /// <summary>No conditioning (the original TwinGAN).</summary>
    public static ConditioningOptions None { get; } = new(0, []);

    /// <summary>Number of attribute labels.</summary>
    [JsonIgnore]
    public int AttributeCount => AttributeNames.Count;

    /// <summary>Size of the vector fed to conditional normalisation (style then attributes).</summary>
    [JsonIgnore]
    public int ConditionDim => StyleDim + AttributeCount;

    /// <summary>Whether a style reference is used.</summary>
    [JsonIgnore]
    public bool UsesStyle => StyleDim > 0;

    /// <summary>Whether attribute labels are used.</summary>
    [JsonIgnore]
    public bool UsesAttributes => AttributeCount > 0;
}

/// <summary>Architecture of a TwinGAN model: everything needed to rebuild the networks from a manifest.</summary>
/// <param name="Domains">Domain names in order, e.g. ["photo", "anime"]; TwinGAN translates between two.</param>
/// <param name="Resolution">Final image side in pixels (power of two, 4..1024; the original uses 256).</param>
/// <param name="UseSkips">UNet skips from encoder to generator blocks of the same resolution (section 3.1).</param>
/// <param name="PerDomainNorm">Each domain owns its norm parameters; off is the ablation baseline (shared norm).</param>
public sealed record ModelOptions(
    IReadOnlyList<string> Domains,
    int Resolution,
    ChannelPlan Channels,
    NormKind Norm,
    bool UseSkips,
    bool PerDomainNorm,
    ConditioningOptions Conditioning)
{
    /// <summary>The original TwinGAN at <paramref name="resolution"/>: skips, per-domain batch renorm, 256-channel plan.</summary>
    public static ModelOptions TwinGan(IReadOnlyList<string> domains, int resolution, ChannelPlan? channels = null) =>
        new(domains, resolution, channels ?? ChannelPlan.Original, NormKind.BatchRenorm, UseSkips: true, PerDomainNorm: true,
            ConditioningOptions.None);

    /// <summary>The ablation baseline of ARCHITECTURE.md section 6: no UNet skips, one shared norm (CycleGAN-like).</summary>
    public ModelOptions AsAblationBaseline() => this with { UseSkips = false, PerDomainNorm = false };

    /// <summary>Index of a domain by name; unknown names are refused with the known list.</summary>
    public int DomainIndex(string domain)
    {
        for (var i = 0; i < Domains.Count; i++)
        {
            if (Domains[i] == domain)
                return i;
        }
        throw new ArgumentException($"Unknown domain '{domain}'; this model knows {string.Join(", ", Domains)}.", nameof(domain));
    }

    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (Domains.Count != 2)
            throw new ArgumentException($"TwinGAN translates between exactly two domains, got {Domains.Count}.", nameof(Domains));
        if (Domains.Any(string.IsNullOrWhiteSpace) || Domains[0] == Domains[1])
            throw new ArgumentException("Domain names must be non-empty and distinct.", nameof(Domains));
        Resolutions.Validate(Resolution, nameof(Resolution));
        Channels.Validate();
        if (!Enum.IsDefined(Norm))
            throw new ArgumentException($"Unknown norm kind {Norm}.", nameof(Norm));
        if (Conditioning.StyleDim < 0)
            throw new ArgumentException("StyleDim must be >= 0.", nameof(Conditioning));
    }

    /// <summary>Parses a norm kind option name ("batch_norm" / "batch_renorm"); unknown names are refused.</summary>
    public static NormKind ParseNorm(string name) => name switch
    {
        "batch_norm" => NormKind.BatchNorm,
        "batch_renorm" => NormKind.BatchRenorm,
        _ => throw new ArgumentException($"Unknown norm '{name}'; expected batch_norm or batch_renorm.", nameof(name)),
    };
}
