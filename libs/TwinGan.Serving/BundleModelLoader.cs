using Microsoft.Extensions.Options;
using TwinGan.Data.Imaging;
using TwinGan.Model.Bundles;
using TwinGan.Model.Inference;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Serving;

/// <summary>
/// Loads <c>&lt;store&gt;/&lt;name&gt;/&lt;version&gt;/</c> (manifest and hashes verified by the model library) and warms it
/// with one translation per domain pair and one embedding per domain, so the first request pays no start-up cost.
/// </summary>
public sealed class BundleModelLoader(IOptions<ModelsOptions> models, IOptions<StorageOptions> storage) : IModelLoader<IServableModel>
{
    public string StoreRoot => string.IsNullOrEmpty(models.Value.StoreRoot)
        ? Path.Combine(FileStorage.ResolveRoot(storage.Value.File.Root), "models")
        : Path.GetFullPath(models.Value.StoreRoot);

    public IServableModel Load(string modelName, string version, CancellationToken cancellationToken)
    {
        ModelNames.ThrowIfInvalid(modelName, version);
        var directory = ModelBundle.DirectoryFor(StoreRoot, modelName, version);
        var model = new TwinGanServableModel(TwinGanInference.Load(directory));
        try
        {
            Warm(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static void Warm(TwinGanServableModel model)
    {
        var info = model.Info;
        var blank = new RgbImage(info.Resolution, info.Resolution, new byte[info.Resolution * info.Resolution * 3]);
        foreach (var source in info.Domains)
        {
            foreach (var kind in info.EmbeddingDimensions.Keys)
                model.Embed(new EmbeddingKey(source, kind), [blank]);
            foreach (var target in info.Domains.Where(d => d != source))
                model.Translate(new TranslationKey(source, target), [new TranslationInput(blank, null, null)]);
        }
    }
}
