using TwinGan.Data.Imaging;
using TwinGan.Model.Inference;
using ModelImage = TwinGan.Model.Imaging.RgbImage;

namespace TwinGan.Evaluation;

/// <summary>
/// Adapts <see cref="TwinGanInference"/> to <see cref="ITwinModel"/>: 8-bit images become [-1, 1] planar floats
/// (v / 127.5 - 1, the model codec's scaling) and translations are rounded back to 8 bits. Calls are split into
/// batches of <paramref name="batchSize"/> to bound memory. Does not own the inference object.
/// </summary>
public sealed class InferenceTwinModel(TwinGanInference inference, int batchSize = 32) : ITwinModel
{
    private readonly TwinGanInference inference = inference ?? throw new ArgumentNullException(nameof(inference));

    public IReadOnlyList<string> Domains => inference.Manifest.Model.Domains;

    public int Resolution => inference.Resolution;

    public IReadOnlyList<RgbImage> Translate(IReadOnlyList<RgbImage> images, string fromDomain, string toDomain) =>
        InBatches(images, chunk => inference.TranslateBatch([.. chunk.Select(ToModel)], fromDomain, toDomain).Select(FromModel));

    public IReadOnlyList<float[]> Embed(IReadOnlyList<RgbImage> images, string domain, EmbeddingLayout layout) =>
        InBatches(images, chunk => inference.EmbedBatch([.. chunk.Select(ToModel)], domain, layout));

    /// <summary>8-bit interleaved RGB to planar [-1, 1].</summary>
    public static ModelImage ToModel(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        var chw = new float[3 * plane];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
                chw[(c * plane) + p] = (image.Pixels[(p * 3) + c] / 127.5f) - 1f;
        }
        return new ModelImage(image.Width, image.Height, chw);
    }

    /// <summary>Planar [-1, 1] to 8-bit, rounded and clamped as the model codec encodes.</summary>
    public static RgbImage FromModel(ModelImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        var chw = image.Chw.Span;
        var pixels = new byte[3 * plane];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
                pixels[(p * 3) + c] = (byte)Math.Clamp(MathF.Round((chw[(c * plane) + p] + 1f) * 127.5f), 0, 255);
        }
        return new RgbImage(image.Width, image.Height, pixels);
    }

    private List<T> InBatches<T>(IReadOnlyList<RgbImage> images, Func<IReadOnlyList<RgbImage>, IEnumerable<T>> run)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = new List<T>(images.Count);
        foreach (var chunk in images.Chunk(batchSize))
            results.AddRange(run(chunk));
        return results;
    }
}
