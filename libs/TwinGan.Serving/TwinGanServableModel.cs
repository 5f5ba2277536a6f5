using TwinGan.Model.Inference;
using DataImage = TwinGan.Data.Imaging.RgbImage;
using ModelImage = TwinGan.Model.Imaging.RgbImage;

namespace TwinGan.Serving;

/// <summary>A TwinGAN bundle (EMA weights) behind <see cref="IServableModel"/>: converts 8-bit RGB to the model's [-1, 1] CHW and back.</summary>
public sealed class TwinGanServableModel : IServableModel
{
    private readonly TwinGanInference _inference;
    private readonly IReadOnlyList<string> _attributeNames;

    public TwinGanServableModel(TwinGanInference inference)
    {
        ArgumentNullException.ThrowIfNull(inference);
        _inference = inference;
        var manifest = inference.Manifest;
        _attributeNames = manifest.Conditioning.AttributeNames;
        Info = new ServableModelInfo(
            manifest.Name,
            manifest.Version,
            manifest.Domains,
            inference.Resolution,
            manifest.Conditioning.StyleDim,
            [.. _attributeNames.Select(n => new AttributeInfo(n))],
            manifest.EmbeddingLayouts.ToDictionary(l => Kind(EmbeddingLayouts.Parse(l.Name)), l => l.Dimensions),
            manifest.Metrics);
    }

    public ServableModelInfo Info { get; }

    public int PreferredBatchSize { get; internal set; }

    public IReadOnlyList<DataImage> Translate(TranslationKey key, IReadOnlyList<TranslationInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(inputs);
        // Inputs with their own style reference or attributes cannot share one conditioning vector: group them.
        var outputs = new DataImage[inputs.Count];
        foreach (var group in inputs.Select((input, i) => (input, i)).GroupBy(x => (x.input.StyleReference, Labels(x.input.Attributes))))
        {
            var images = group.Select(x => ToModel(x.input.Image)).ToList();
            var style = group.Key.StyleReference is null ? null : ToModel(group.Key.StyleReference);
            var translated = _inference.TranslateBatch(images, key.SourceDomain, key.TargetDomain, style, group.Key.Item2);
            foreach (var ((_, index), image) in group.Zip(translated))
                outputs[index] = ToData(image);
        }
        return outputs;
    }

    public IReadOnlyList<float[]> Embed(EmbeddingKey key, IReadOnlyList<DataImage> inputs)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(inputs);
        var layout = key.Kind == EmbeddingKind.Flattened ? EmbeddingLayout.Flattened : EmbeddingLayout.Pooled;
        return _inference.EmbedBatch([.. inputs.Select(ToModel)], key.Domain, layout);
    }

    public void Dispose() => _inference.Dispose();

    private static EmbeddingKind Kind(EmbeddingLayout layout) =>
        layout == EmbeddingLayout.Flattened ? EmbeddingKind.Flattened : EmbeddingKind.Pooled;

    /// <summary>The model's label vector in manifest order (null = neutral); a string key so equal vectors group.</summary>
    private LabelVector? Labels(IReadOnlyDictionary<string, float>? attributes) =>
        attributes is null ? null : new LabelVector([.. _attributeNames.Select(n => attributes.TryGetValue(n, out var v) ? v : 0f)]);

    private static ModelImage ToModel(DataImage image)
    {
        var (w, h, plane) = (image.Width, image.Height, image.Width * image.Height);
        var chw = new float[3 * plane];
        var pixels = image.Pixels;
        for (var p = 0; p < plane; p++)
        {
            chw[p] = (pixels[3 * p] / 127.5f) - 1f;
            chw[plane + p] = (pixels[(3 * p) + 1] / 127.5f) - 1f;
            chw[(2 * plane) + p] = (pixels[(3 * p) + 2] / 127.5f) - 1f;
        }
        return new ModelImage(w, h, chw);
    }

    private static DataImage ToData(ModelImage image)
    {
        var (w, h, plane) = (image.Width, image.Height, image.Width * image.Height);
        var chw = image.Chw.Span;
        var pixels = new byte[3 * plane];
        for (var p = 0; p < plane; p++)
            for (var c = 0; c < 3; c++)
                pixels[(3 * p) + c] = (byte)Math.Clamp(MathF.Round((chw[(c * plane) + p] + 1f) * 127.5f), 0f, 255f);
        return new DataImage(w, h, pixels);
    }

    /// <summary>Value-equal label vector, so requests asking for the same attributes batch together.</summary>
    private sealed record LabelVector(float[] Values) : IReadOnlyList<float>
    {
        public float this[int index] => Values[index];

        public int Count => Values.Length;

        public bool Equals(LabelVector? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

        public override int GetHashCode() => Values.Aggregate(17, (h, v) => HashCode.Combine(h, v));

        public IEnumerator<float> GetEnumerator() => ((IEnumerable<float>)Values).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Values.GetEnumerator();
    }
}
