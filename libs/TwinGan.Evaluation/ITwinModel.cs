using TwinGan.Data.Imaging;
using TwinGan.Model.Inference;

namespace TwinGan.Evaluation;

/// <summary>
/// What the suite evaluates: translation between two named domains and the shared embedding. Images are 8-bit RGB
/// at <see cref="Resolution"/> (translations come back quantised, as a saved image would be). A trained
/// <see cref="TwinGanInference"/> is one implementation (<see cref="InferenceTwinModel"/>); tests use oracles.
/// </summary>
public interface ITwinModel
{
    IReadOnlyList<string> Domains { get; }

    int Resolution { get; }

    /// <summary>G_to(E_from(x)); from == to is the reconstruction.</summary>
    IReadOnlyList<RgbImage> Translate(IReadOnlyList<RgbImage> images, string fromDomain, string toDomain);

    /// <summary>Embeddings E_domain(x) in <paramref name="layout"/>; the suite L2-normalises them again.</summary>
    IReadOnlyList<float[]> Embed(IReadOnlyList<RgbImage> images, string domain, EmbeddingLayout layout);
}
