using TwinGan.Model.Options;

namespace TwinGan.Model.Inference;

/// <summary>How the encoder bottleneck (4x4xC) becomes a search vector; both are L2-normalised.</summary>
public enum EmbeddingLayout
{
    /// <summary>The whole 4x4xC bottleneck flattened (the original: 4096-d at C = 256).</summary>
    Flattened,

    /// <summary>Global average pool over the 4x4 positions: C-d, compact and translation-tolerant.</summary>
    Pooled,
}

/// <summary>Names and sizes of embedding layouts, as recorded in bundle manifests.</summary>
public static class EmbeddingLayouts
{
    public static string Name(EmbeddingLayout layout) => layout switch
    {
        EmbeddingLayout.Flattened => "flattened",
        EmbeddingLayout.Pooled => "pooled",
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown embedding layout."),
    };

    /// <summary>Parses a layout name; unknown names are refused.</summary>
    public static EmbeddingLayout Parse(string name) => name switch
    {
        "flattened" => EmbeddingLayout.Flattened,
        "pooled" => EmbeddingLayout.Pooled,
        _ => throw new ArgumentException($"Unknown embedding layout '{name}'; expected flattened or pooled.", nameof(name)),
    };

    public static int Dimensions(EmbeddingLayout layout, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var channels = options.Channels.ChannelsAt(Resolutions.Min);
        return layout == EmbeddingLayout.Flattened ? channels * Resolutions.Min * Resolutions.Min : channels;
    }
}
