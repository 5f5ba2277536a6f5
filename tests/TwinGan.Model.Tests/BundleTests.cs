using System.Text.Json.Nodes;
using TorchSharp;
using TwinGan.Model.Bundles;
using TwinGan.Model.Options;
using TwinGan.Model.Training;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

public sealed class BundleTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "twingan-bundle-tests-" + Guid.NewGuid().ToString("N"));

    private static readonly BundleInfo Info = new("tiny", "1.0.0", TrainingOptions.Default, new Dictionary<string, double> { ["swd"] = 1.5 }, "ckpt-0");

    [Fact]
    public void SaveThenLoad_ModelBundle_RoundTripsEveryTensorBitExactly()
    {
        using var model = TwinGanModel.Create(TinyModels.Options(8, NormKind.BatchRenorm, new ConditioningOptions(4, ["green"])), seed: 1);
        var directory = Save(model);

        var (manifest, network) = ModelBundle.Load(directory);
        using var loaded = network;

        var expected = model.Ema.state_dict();
        var actual = loaded.state_dict();
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, pair => Assert.True(pair.Value.equal(actual[pair.Key]).all().item<bool>(), pair.Key));
        Assert.Equal(("tiny", "1.0.0", BundleKind.Model, "ckpt-0"), (manifest.Name, manifest.Version, manifest.Kind, manifest.ParentCheckpoint));
        Assert.Equal(1.5, manifest.Metrics["swd"]);
        Assert.Equal(new Dictionary<int, int> { [4] = 16, [8] = 16 }, manifest.ChannelsPerResolution);
        Assert.Contains(manifest.EmbeddingLayouts, l => l.Name == "flattened" && l.Dimensions == 256);
        Assert.Equal(["green"], manifest.Model.Conditioning.AttributeNames);
    }

    [Fact]
    public void Load_WrongFormatVersion_ThrowsFormatVersionException()
    {
        var directory = SaveTiny();
        EditManifest(directory, m => m["formatVersion"] = 99);

        var error = Assert.Throws<BundleFormatVersionException>(() => ModelBundle.Load(directory));

        Assert.Contains("format version 99", error.Message);
    }

    [Fact]
    public void Load_AlteredWeights_ThrowsHashMismatchNamingFile()
    {
        var directory = SaveTiny();
        var weights = Path.Combine(directory, ModelBundle.EmaWeights);
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(weights, bytes);

        var error = Assert.Throws<BundleHashMismatchException>(() => ModelBundle.Load(directory));

        Assert.Equal(ModelBundle.EmaWeights, error.File);
    }

    [Theory]
    [InlineData(ModelBundle.EmaWeights)]
    [InlineData(BundleManifest.FileName)]
    public void Load_MissingFile_ThrowsMissingFileNamingIt(string file)
    {
        var directory = SaveTiny();
        File.Delete(Path.Combine(directory, file));

        var error = Assert.Throws<BundleMissingFileException>(() => ModelBundle.Load(directory));

        Assert.Equal(file, error.File);
    }

    [Fact]
    public void Load_ManifestDescribingOtherArchitecture_ThrowsManifestMismatch()
    {
        var directory = SaveTiny();
        EditManifest(directory, m =>
        {
            m["channels"]!["fmapMax"] = 32;
            m["model"]!["channels"]!["fmapMax"] = 32;
        });

        var error = Assert.Throws<BundleManifestMismatchException>(() => ModelBundle.Load(directory));

        Assert.Contains("do not match the model", error.Message);
    }

    [Fact]
    public void Load_SummaryContradictingModelOptions_ThrowsManifestMismatch()
    {
        var directory = SaveTiny();
        EditManifest(directory, m => m["resolution"] = 16);

        Assert.Throws<BundleManifestMismatchException>(() => ModelBundle.Load(directory));
    }

    [Fact]
    public void Load_GarbageManifest_ThrowsManifestMismatch()
    {
        var directory = SaveTiny();
        File.WriteAllText(Path.Combine(directory, BundleManifest.FileName), "{ not json");

        Assert.Throws<BundleManifestMismatchException>(() => ModelBundle.Load(directory));
    }

    [Fact]
    public void Save_ExistingVersion_IsRefused()
    {
        var directory = SaveTiny();
        using var model = TwinGanModel.Create(TinyModels.Options(8), seed: 1);

        Assert.Throws<IOException>(() => ModelBundle.Save(directory, model, Info));
    }

    [Fact]
    public void CheckpointResume_NextStep_MatchesUninterruptedRunExactly()
    {
        var options = TrainingOptions.Default with { Growth = new GrowthSchedule(8, 1_000_000), ReconstructionGanFromResolution = 8, Seed = 5 };
        using var model = TwinGanModel.Create(TinyModels.Options(8, NormKind.BatchRenorm), seed: 5);
        using var step = new TrainingStep(model, options);
        using var a = TinyModels.Images(4, 8, 1);
        using var b = TinyModels.Images(4, 8, 2);
        step.Run(new DomainBatch(a), new DomainBatch(b));
        var directory = Path.Combine(root, "checkpoint");
        Checkpoint.Save(directory, model, step, Info);

        var (manifest, resumedModel, resumedStep) = Checkpoint.Load(directory);
        using (resumedModel)
        using (resumedStep)
        {
            var expected = step.Run(new DomainBatch(a), new DomainBatch(b)).ToStats();
            var actual = resumedStep.Run(new DomainBatch(a), new DomainBatch(b)).ToStats();

            Assert.Equal(BundleKind.Checkpoint, manifest.Kind);
            Assert.Equal(expected, actual);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }

    private string SaveTiny()
    {
        using var model = TwinGanModel.Create(TinyModels.Options(8), seed: 1);
        return Save(model);
    }

    private string Save(TwinGanModel model)
    {
        var directory = ModelBundle.DirectoryFor(root, Info.Name, Info.Version);
        ModelBundle.Save(directory, model, Info);
        return directory;
    }

    private static void EditManifest(string directory, Action<JsonNode> edit)
    {
        var path = Path.Combine(directory, BundleManifest.FileName);
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }
}
