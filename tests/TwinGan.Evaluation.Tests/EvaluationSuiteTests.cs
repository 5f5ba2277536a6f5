using TwinGan.Evaluation.Attributes;
using TwinGan.Model.Inference;

namespace TwinGan.Evaluation.Tests;

public sealed class EvaluationSuiteTests : IDisposable
{
    private const int Pairs = 12;
    private static readonly string[] SharedAttributes = ["hair_length", "yaw", "glasses", "expression"];
    private readonly string cache = Path.Combine(Path.GetTempPath(), "twingan-evaluation-tests-" + Guid.NewGuid().ToString("N"));

    internal static EvaluationOptions Fast(string? cacheDirectory = null) => new()
    {
        Seed = 1,
        Swd = new() { PatchesPerImage = 16, DirectionRepeats = 1, DirectionsPerRepeat = 32 },
        Classifier = new() { Epochs = 2, BatchSize = 16, CacheDirectory = cacheDirectory },
    };

    internal static EvaluationData TinyTwinFaces() => EvaluationData.TwinFaces(16, Pairs, seed: 3, classifierTrainCount: 48);

    [Fact]
    public void Run_PerfectOracle_ScoresGroundTruth()
    {
        var data = TinyTwinFaces();
        using var suite = new EvaluationSuite(data, Fast());

        var metrics = suite.Run(new OracleTwinModel(data)).Metrics;

        Assert.Equal(0, metrics["PairedL1/photo2anime"]);
        Assert.Equal(0, metrics["PairedL1/anime2photo"]);
        Assert.Equal(0, metrics["Recon/L1/photo"]);
        Assert.Equal(0, metrics["Recon/L1/anime"]);
        foreach (var layout in new[] { "flattened", "pooled" })
        {
            foreach (var k in new[] { 1, 5, 10 })
            {
                Assert.Equal(1, metrics[$"Retrieval/recall@{k}/{layout}/photo2anime"]);
                Assert.Equal(1, metrics[$"Retrieval/recall@{k}/{layout}/anime2photo"]);
            }
        }
        // Its translations are the real counterparts: SWD equals the real-vs-real floor, which is not zero.
        Assert.True(metrics["Swd/floor/anime"] > 0);
        Assert.Equal(metrics["Swd/floor/anime"], metrics["Swd/photo2anime"]);
        Assert.Equal(metrics["Swd/floor/photo/16px"], metrics["Swd/anime2photo/16px"]);
        // Shared attributes have equal labels within a pair, so the classifier scores its real-image accuracy.
        foreach (var attribute in SharedAttributes)
        {
            Assert.Equal(metrics[$"AttrAcc/real/anime/{attribute}"], metrics[$"AttrAcc/photo2anime/{attribute}"]);
            Assert.Equal(metrics[$"AttrAcc/real/photo/{attribute}"], metrics[$"AttrAcc/anime2photo/{attribute}"]);
        }
    }

    [Fact]
    public void Run_WrongTwins_LosesRecallAndPairedL1()
    {
        var data = TinyTwinFaces();
        using var suite = new EvaluationSuite(data, Fast());

        var metrics = suite.Run(new OracleTwinModel(data, i => (i + 1) % Pairs)).Metrics;

        Assert.Equal(0, metrics["Retrieval/recall@1/pooled/photo2anime"]);
        Assert.Equal(0, metrics["Retrieval/recall@1/flattened/anime2photo"]);
        // The true twin ties with every other non-matching item at similarity 0, and ties count against it.
        Assert.Equal(0, metrics["Retrieval/recall@10/pooled/photo2anime"]);
        Assert.True(metrics["PairedL1/photo2anime"] > 0.05, $"paired L1 {metrics["PairedL1/photo2anime"]}");
        Assert.Equal(0, metrics["Recon/L1/photo"]);
    }

    [Fact]
    public void Run_IdentityTranslator_SwdAboveFloorAndDomainOnlyAttributesLeftOut()
    {
        var data = TinyTwinFaces();
        using var suite = new EvaluationSuite(data, Fast());

        var metrics = suite.Run(new IdentityTwinModel(data)).Metrics;

        Assert.True(metrics["Swd/photo2anime"] > metrics["Swd/floor/anime"], $"{metrics["Swd/photo2anime"]} vs floor {metrics["Swd/floor/anime"]}");
        Assert.True(metrics["PairedL1/photo2anime"] > 0.1);
        // Photos have no blush label and anime images no beard label: neither direction can score them.
        Assert.DoesNotContain("AttrAcc/photo2anime/beard", metrics.Keys);
        Assert.DoesNotContain("AttrAcc/anime2photo/blush", metrics.Keys);
        Assert.Contains("AttrAcc/real/anime/blush", metrics.Keys);
        Assert.Contains("AttrAcc/photo2anime/mean", metrics.Keys);
    }

    [Fact]
    public void Run_CancelledToken_Throws()
    {
        var data = TinyTwinFaces();
        using var suite = new EvaluationSuite(data, Fast());

        Assert.Throws<OperationCanceledException>(() => suite.Run(new IdentityTwinModel(data), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Run_ModelOfOtherResolution_ThrowsNamingBoth()
    {
        using var suite = new EvaluationSuite(EvaluationData.TwinFaces(32, 2, seed: 3, classifierTrainCount: 0), Fast());

        var error = Assert.Throws<ArgumentException>(() => suite.Run(new IdentityTwinModel(TinyTwinFaces())));

        Assert.Contains("16 px", error.Message);
        Assert.Contains("32 px", error.Message);
    }

    [Fact]
    public void Run_SecondSuiteWithSameCache_LoadsClassifiersInsteadOfTraining()
    {
        var data = TinyTwinFaces();
        Dictionary<string, double> first;
        using (var suite = new EvaluationSuite(data, Fast(cache)))
            first = new(suite.Run(new IdentityTwinModel(data)).Metrics);
        var saved = Directory.GetFiles(cache, "*.pt", SearchOption.AllDirectories);
        var written = saved.Select(File.GetLastWriteTimeUtc).ToList();

        using var again = new EvaluationSuite(TinyTwinFaces(), Fast(cache));
        var second = again.Run(new IdentityTwinModel(data)).Metrics;

        Assert.Equal(2, saved.Length);
        Assert.Contains(saved, f => f.Contains("twin-faces-seed3-anime-16px-n48-seed1", StringComparison.Ordinal));
        Assert.Equal(written, saved.Select(File.GetLastWriteTimeUtc));
        Assert.Equal(first, second.ToDictionary());
    }

    [Fact]
    public void Evaluate_TinyTwinGanBundle_ReportsEveryMetricFamily()
    {
        using var model = TwinGan.Model.TwinGanModel.Create(
            new TwinGan.Model.Options.ModelOptions(["photo", "anime"], 16, TwinGan.Model.Options.ChannelPlan.Tiny,
                TwinGan.Model.Options.NormKind.BatchNorm, UseSkips: true, PerDomainNorm: true, TwinGan.Model.Options.ConditioningOptions.None), seed: 2);
        var bundle = Path.Combine(cache, "bundle");
        TwinGan.Model.Bundles.ModelBundle.Save(bundle, model, new TwinGan.Model.Bundles.BundleInfo("tiny", "1"));
        using var inference = TwinGanInference.Load(bundle);
        using var suite = new EvaluationSuite(TinyTwinFaces(), Fast());

        var metrics = suite.Evaluate(inference, CancellationToken.None);

        foreach (var prefix in new[] { "Swd/photo2anime", "Swd/floor/anime", "AttrAcc/photo2anime/glasses", "AttrAcc/real/anime/glasses",
            "PairedL1/photo2anime", "Retrieval/recall@1/pooled/photo2anime", "Retrieval/recall@10/flattened/anime2photo", "Recon/L1/photo" })
            Assert.Contains(prefix, metrics.Keys);
        Assert.All(metrics.Values, v => Assert.True(double.IsFinite(v)));
        Assert.All(metrics.Where(m => m.Key.StartsWith("Retrieval/", StringComparison.Ordinal)), m => Assert.InRange(m.Value, 0, 1));
    }

    public void Dispose()
    {
        if (Directory.Exists(cache))
            Directory.Delete(cache, recursive: true);
    }
}
