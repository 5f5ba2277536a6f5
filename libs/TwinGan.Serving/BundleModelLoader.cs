using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;
using TwinGan.Data.Imaging;
using TwinGan.Model.Bundles;
using TwinGan.Model.Inference;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Serving;

/// <summary>
/// Loads <c>&lt;store&gt;/&lt;name&gt;/&lt;version&gt;/</c> (manifest and hashes verified by the model library) and warms it
/// with one translation per domain pair and one embedding per domain, so the first request pays no start-up cost;
/// then, unless turned off, measures its batch sizes (<see cref="BatchCalibration"/>).
/// </summary>
public sealed class BundleModelLoader(
    IOptions<ModelsOptions> models, IOptions<StorageOptions> storage, IOptions<BatchingOptions> batching, ILogger<BundleModelLoader> logger)
    : IModelLoader<IServableModel>
{
    public string StoreRoot => string.IsNullOrEmpty(models.Value.StoreRoot)
        ? Path.Combine(FileStorage.ResolveRoot(storage.Value.File.Root), "models")
        : Path.GetFullPath(models.Value.StoreRoot);

    public IServableModel Load(string modelName, string version, CancellationToken cancellationToken)
    {
        ModelNames.ThrowIfInvalid(modelName, version);
        var options = batching.Value;
        if (options.TorchThreads > 0 && torch.get_num_threads() != options.TorchThreads) torch.set_num_threads(options.TorchThreads);
        var directory = ModelBundle.DirectoryFor(StoreRoot, modelName, version);
        var model = new TwinGanServableModel(TwinGanInference.Load(directory, new InferenceOptions(models.Value.Device)));
        try
        {
            Warm(model);
            if (options.CalibrateBatchSize && options.MaxBatchSize > 1)
                Calibrate(model, options.MaxBatchSize, cancellationToken);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private void Calibrate(TwinGanServableModel model, int maxBatchSize, CancellationToken cancellationToken)
    {
        var info = model.Info;
        var key = new TranslationKey(info.Domains[0], info.Domains[^1]);
        var input = new TranslationInput(Blank(info.Resolution), null, null);
        var measured = BatchCalibration.Measure(maxBatchSize, n => model.Translate(key, Enumerable.Repeat(input, n).ToList()), cancellationToken);
        model.PreferredBatchSize = BatchCalibration.Choose(measured);
        ServingLog.BatchCalibrated(logger, info.Name, info.Version, model.PreferredBatchSize, measured);
    }

    private static void Warm(TwinGanServableModel model)
    {
        var info = model.Info;
        var blank = Blank(info.Resolution);
        foreach (var source in info.Domains)
        {
            foreach (var kind in info.EmbeddingDimensions.Keys)
                model.Embed(new EmbeddingKey(source, kind), [blank]);
            foreach (var target in info.Domains.Where(d => d != source))
                model.Translate(new TranslationKey(source, target), [new TranslationInput(blank, null, null)]);
        }
    }

    private static RgbImage Blank(int resolution) => new(resolution, resolution, new byte[resolution * resolution * 3]);
}
