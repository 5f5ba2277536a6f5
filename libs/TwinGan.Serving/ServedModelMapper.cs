using TwinGan.Contracts.Common.V1;

namespace TwinGan.Serving;

/// <summary>The <c>ServedModel</c> answer of GetModelInfo/ListModels, shared by Translator and Embedder.</summary>
public static class ServedModelMapper
{
    public static ServedModel ToProto(ServableModelInfo info, IReadOnlyList<string> loadedVersions, bool isDefault)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(loadedVersions);
        var manifest = new ModelManifest
        {
            Name = info.Name,
            Version = info.Version,
            Resolution = info.Resolution,
            Domains = { info.Domains },
            Conditioning = new ConditioningInfo
            {
                StyleSupported = info.StyleDimension > 0,
                StyleDim = info.StyleDimension,
                Attributes =
                {
                    info.Attributes.Select(a => new AttributeSpec { Name = a.Name, Kind = AttributeKind.Continuous, Min = 0, Max = 1 }),
                },
            },
            Embeddings =
            {
                info.EmbeddingDimensions.Select(kv => new EmbeddingSpec
                {
                    Layout = ToProto(kv.Key),
                    Dimension = kv.Value,
                    IsDefault = kv.Key == EmbeddingKind.Pooled,
                }),
            },
            Metrics = { info.Metrics.ToDictionary(kv => kv.Key, kv => kv.Value) },
        };
        return new ServedModel
        {
            Name = info.Name,
            IsDefault = isDefault,
            CurrentVersion = loadedVersions.Count > 0 ? loadedVersions[0] : info.Version,
            LoadedVersions = { loadedVersions.Select(v => new LoadedModelVersion { Version = v, State = ModelLoadState.Ready }) },
            Manifest = manifest,
        };
    }

    public static EmbeddingLayout ToProto(EmbeddingKind kind) =>
        kind == EmbeddingKind.Flattened ? EmbeddingLayout.Flattened : EmbeddingLayout.Pooled;

    /// <summary>Unspecified means the compact pooled layout (the manifest marks it default).</summary>
    public static EmbeddingKind FromProto(EmbeddingLayout layout) =>
        layout == EmbeddingLayout.Flattened ? EmbeddingKind.Flattened : EmbeddingKind.Pooled;
}
