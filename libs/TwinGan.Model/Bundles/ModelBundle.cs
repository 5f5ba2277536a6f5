using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using TwinGan.Model.Inference;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;
using TwinGan.Model.Training;

namespace TwinGan.Model.Bundles;

/// <summary>
/// Writes and reads bundle directories: manifest.json plus TorchSharp state-dict files, each SHA-256-hashed in the
/// manifest. Loading verifies format version, presence, hashes and that the weights fit the manifest's model.
/// </summary>
public static class ModelBundle
{
    /// <summary>The weight file of the served (EMA) network.</summary>
    public const string EmaWeights = "network.ema.pt";

    /// <summary>Conventional location of a versioned bundle: {root}/{name}/{version}.</summary>
    public static string DirectoryFor(string root, string name, string version) => Path.Combine(root, name, version);

    /// <summary>Saves the EMA network of <paramref name="model"/> as a served-model bundle.</summary>
    public static BundleManifest Save(string directory, TwinGanModel model, BundleInfo info)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Write(directory, BundleKind.Model, model.Options, info, null, new Dictionary<string, Action<string>>
        {
            [EmaWeights] = path => model.Ema.save(path),
        });
    }

    /// <summary>Loads a served-model bundle: the verified manifest and the EMA network (eval mode, no grads).</summary>
    public static (BundleManifest Manifest, TwinGanNetwork Network) Load(string directory)
    {
        var manifest = ReadVerified(directory);
        var network = new TwinGanNetwork(manifest.Model);
        LoadWeights(directory, network, EmaWeights);
        network.eval();
        foreach (var parameter in network.parameters())
            parameter.requires_grad_(false);
        return (manifest, network);
    }

    /// <summary>Writes the files through <paramref name="writers"/> into a temporary sibling, hashes them, writes the
    /// manifest, then moves the directory into place so readers never see half a bundle.</summary>
    internal static BundleManifest Write(string directory, BundleKind kind, ModelOptions options, BundleInfo info,
        ProgressState? progress, IReadOnlyDictionary<string, Action<string>> writers)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (Directory.Exists(directory))
            throw new IOException($"Bundle directory '{directory}' already exists; bundles are immutable, use a new version.");
        var staging = directory.TrimEnd(Path.DirectorySeparatorChar) + ".staging-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, write) in writers)
        {
            write(Path.Combine(staging, file));
            files[file] = Sha256(Path.Combine(staging, file));
        }
        var manifest = new BundleManifest(BundleManifest.CurrentFormatVersion, kind, info.Name, info.Version, options.Domains,
            options.Resolution, options.Channels, options.Channels.Describe(options.Resolution), options.Conditioning,
            Layouts(options), options, info.Training, info.Metrics ?? new Dictionary<string, double>(), info.ParentCheckpoint, progress, files);
        File.WriteAllText(Path.Combine(staging, BundleManifest.FileName), JsonSerializer.Serialize(manifest, ModelJson.Options));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(directory))!);
        Directory.Move(staging, directory);
        return manifest;
    }

    /// <summary>Reads manifest.json and checks version, self-consistency, presence and hashes of every file.</summary>
    internal static BundleManifest ReadVerified(string directory)
    {
        var manifestPath = Path.Combine(directory, BundleManifest.FileName);
        if (!File.Exists(manifestPath))
            throw new BundleMissingFileException(directory, BundleManifest.FileName);
        var manifest = Parse(directory, File.ReadAllText(manifestPath));
        if (manifest.FormatVersion != BundleManifest.CurrentFormatVersion)
            throw new BundleFormatVersionException(directory, manifest.FormatVersion, BundleManifest.CurrentFormatVersion);
        CheckConsistent(directory, manifest);
        foreach (var (file, expected) in manifest.Files)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
                throw new BundleMissingFileException(directory, file);
            var actual = Sha256(path);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new BundleHashMismatchException(directory, file, expected, actual);
        }
        return manifest;
    }

    /// <summary>Loads a state dict strictly; any missing, extra or mis-shaped tensor means the manifest lies.</summary>
    internal static void LoadWeights(string directory, nn.Module module, string file)
    {
        try
        {
            module.load(Path.Combine(directory, file), strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or KeyNotFoundException or FormatException)
        {
            throw new BundleManifestMismatchException(directory, $"weights in '{file}' do not match the model the manifest describes: {e.Message}", e);
        }
    }

    private static BundleManifest Parse(string directory, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<BundleManifest>(json, ModelJson.Options)
                ?? throw new BundleManifestMismatchException(directory, "manifest.json is empty.");
        }
        catch (JsonException e)
        {
            throw new BundleManifestMismatchException(directory, $"manifest.json is not a valid manifest: {e.Message}", e);
        }
    }

    private static void CheckConsistent(string directory, BundleManifest manifest)
    {
        var model = manifest.Model ?? throw new BundleManifestMismatchException(directory, "manifest has no model options.");
        try
        {
            model.Validate();
        }
        catch (ArgumentException e)
        {
            throw new BundleManifestMismatchException(directory, $"model options are invalid: {e.Message}", e);
        }
        if (!manifest.Domains.SequenceEqual(model.Domains) || manifest.Resolution != model.Resolution || manifest.Channels != model.Channels
            || manifest.Conditioning.StyleDim != model.Conditioning.StyleDim
            || !manifest.Conditioning.AttributeNames.SequenceEqual(model.Conditioning.AttributeNames))
            throw new BundleManifestMismatchException(directory, "the summary fields (domains, resolution, channels, conditioning) contradict the model options.");
        if (manifest.Files is null || manifest.Files.Count == 0)
            throw new BundleManifestMismatchException(directory, "manifest lists no weight files.");
    }

    private static List<EmbeddingLayoutInfo> Layouts(ModelOptions options) =>
        [.. Enum.GetValues<EmbeddingLayout>().Select(layout => new EmbeddingLayoutInfo(EmbeddingLayouts.Name(layout), EmbeddingLayouts.Dimensions(layout, options)))];

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
