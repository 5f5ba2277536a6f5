using TwinGan.Model.Training;

namespace TwinGan.Model.Bundles;

/// <summary>
/// Training checkpoints through the bundle machinery (stylegan3's snapshot: weights + options + progress): live and
/// EMA networks, discriminators, both Adam states, and the progressive state in the manifest.
/// </summary>
public static class Checkpoint
{
    public const string NetworkWeights = "network.pt";
    public const string DiscriminatorWeights = "discriminators.pt";
    public const string GeneratorOptimizer = "optimizer.generator.pt";
    public const string DiscriminatorOptimizer = "optimizer.discriminators.pt";

    /// <summary>Saves everything needed to resume <paramref name="step"/> bit-exactly.</summary>
    public static BundleManifest Save(string directory, TwinGanModel model, TrainingStep step, BundleInfo info)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(info);
        return ModelBundle.Write(directory, BundleKind.Checkpoint, model.Options, info with { Training = step.Options }, step.Progress,
            new Dictionary<string, Action<string>>
            {
                [NetworkWeights] = path => model.Network.save(path),
                [ModelBundle.EmaWeights] = path => model.Ema.save(path),
                [DiscriminatorWeights] = path => model.Discriminators.save(path),
                [GeneratorOptimizer] = path => step.GeneratorOptimizer.save_state_dict(path),
                [DiscriminatorOptimizer] = path => step.DiscriminatorOptimizer.save_state_dict(path),
            });
    }

    /// <summary>Loads a checkpoint: model and a training step that continues exactly where the saved one stopped.</summary>
    public static (BundleManifest Manifest, TwinGanModel Model, TrainingStep Step) Load(string directory)
    {
        var manifest = ModelBundle.ReadVerified(directory);
        if (manifest.Kind != BundleKind.Checkpoint || manifest.Training is null || manifest.Progress is null)
            throw new BundleManifestMismatchException(directory, "not a training checkpoint (kind, training options and progress are required).");
        var model = TwinGanModel.Create(manifest.Model, manifest.Training.Seed);
        ModelBundle.LoadWeights(directory, model.Network, NetworkWeights);
        ModelBundle.LoadWeights(directory, model.Ema, ModelBundle.EmaWeights);
        ModelBundle.LoadWeights(directory, model.Discriminators, DiscriminatorWeights);
        var step = new TrainingStep(model, manifest.Training, manifest.Progress);
        LoadOptimizer(directory, step.GeneratorOptimizer, GeneratorOptimizer);
        LoadOptimizer(directory, step.DiscriminatorOptimizer, DiscriminatorOptimizer);
        return (manifest, model, step);
    }

    private static void LoadOptimizer(string directory, TorchSharp.Modules.Adam optimizer, string file)
    {
        try
        {
            optimizer.load_state_dict(Path.Combine(directory, file));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            throw new BundleManifestMismatchException(directory, $"optimiser state in '{file}' does not fit the model: {e.Message}", e);
        }
    }
}
