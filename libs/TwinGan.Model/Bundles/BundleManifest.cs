using TwinGan.Model.Options;
using TwinGan.Model.Training;

namespace TwinGan.Model.Bundles;

/// <summary>What a bundle directory holds: a served model (EMA weights) or a training checkpoint.</summary>
public enum BundleKind
{
    /// <summary>Published model: the EMA translation network only.</summary>
    Model,

    /// <summary>Training checkpoint: live and EMA networks, discriminators, optimiser state, progress.</summary>
    Checkpoint,
}

/// <summary>An embedding layout the model offers for search (ARCHITECTURE.md section 5).</summary>
/// <param name="Name">Layout name, see <see cref="Inference.EmbeddingLayout"/>.</param>
/// <param name="Dimensions">Length of the L2-normalised vector.</param>
public sealed record EmbeddingLayoutInfo(string Name, int Dimensions);

/// <summary>
/// manifest.json of a bundle (stylegan3's self-describing snapshot): format version, identity, architecture,
/// conditioning, embedding layouts, training options, metrics, lineage, progress and SHA-256 of every weight file.
/// <see cref="Model"/> is the source of truth; Domains, Resolution, Channels and Conditioning repeat it for readers.
/// </summary>
public sealed record BundleManifest(
    int FormatVersion,
    BundleKind Kind,
    string Name,
    string Version,
    IReadOnlyList<string> Domains,
    int Resolution,
    ChannelPlan Channels,
    IReadOnlyDictionary<int, int> ChannelsPerResolution,
    ConditioningOptions Conditioning,
    IReadOnlyList<EmbeddingLayoutInfo> EmbeddingLayouts,
    ModelOptions Model,
    TrainingOptions? Training,
    IReadOnlyDictionary<string, double> Metrics,
    string? ParentCheckpoint,
    ProgressState? Progress,
    IReadOnlyDictionary<string, string> Files)
{
    /// <summary>The format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>File name of the manifest inside the bundle directory.</summary>
    public const string FileName = "manifest.json";
}

/// <summary>What the caller says about a bundle being written; the rest is derived from the model.</summary>
/// <param name="Name">Model name, e.g. "twingan-faces".</param>
/// <param name="Version">Model version, e.g. "2026.11.26-1".</param>
/// <param name="Training">The options the model was trained with (recorded in full).</param>
/// <param name="Metrics">Evaluation metrics by name (SWD, recall@k, ...).</param>
/// <param name="ParentCheckpoint">The checkpoint this model or checkpoint was derived from, if any.</param>
public sealed record BundleInfo(
    string Name,
    string Version,
    TrainingOptions? Training = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    string? ParentCheckpoint = null);
