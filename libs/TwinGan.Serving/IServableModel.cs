using TwinGan.Data.Imaging;

namespace TwinGan.Serving;

/// <summary>Embedding layouts: the flattened 4x4xC bottleneck (as the original) or its C-d average pool.</summary>
public enum EmbeddingKind
{
    Flattened,
    Pooled,
}

/// <summary>
/// A conditioning input of the model: one float label (a flag such as <c>glasses</c>, or one class of a categorical
/// attribute written <c>hair_color:green</c>). Unset labels are neutral.
/// </summary>
public sealed record AttributeInfo(string Name);

/// <summary>What a served bundle declares: the services validate requests against it (domains are strings).</summary>
public sealed record ServableModelInfo(
    string Name,
    string Version,
    IReadOnlyList<string> Domains,
    int Resolution,
    int StyleDimension,
    IReadOnlyList<AttributeInfo> Attributes,
    IReadOnlyDictionary<EmbeddingKind, int> EmbeddingDimensions,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>Requests that can share one forward pass.</summary>
public sealed record TranslationKey(string SourceDomain, string TargetDomain);

/// <summary>One image to translate, already at the model's resolution, with its optional conditioning.</summary>
public sealed record TranslationInput(RgbImage Image, RgbImage? StyleReference, IReadOnlyDictionary<string, float>? Attributes);

/// <summary>Requests that can share one encoder pass.</summary>
public sealed record EmbeddingKey(string Domain, EmbeddingKind Kind);

/// <summary>
/// A loaded model version as Translator and Embedder use it. Implementations run synchronously and are
/// called from the batcher's single model thread.
/// </summary>
public interface IServableModel : IDisposable
{
    ServableModelInfo Info { get; }

    /// <summary>Largest batch worth running on this device (measured at warm-up); 0 = no preference, the batcher's limit applies.</summary>
    int PreferredBatchSize { get; }

    /// <summary>Translates images of <see cref="TranslationKey.SourceDomain"/> into the target domain, one output per input.</summary>
    IReadOnlyList<RgbImage> Translate(TranslationKey key, IReadOnlyList<TranslationInput> inputs);

    /// <summary>L2-normalised embeddings, one per input.</summary>
    IReadOnlyList<float[]> Embed(EmbeddingKey key, IReadOnlyList<RgbImage> inputs);
}
