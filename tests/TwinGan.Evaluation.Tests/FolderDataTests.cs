using TwinGan.Data.Loading;
using TwinGan.Data.Readers;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Evaluation.Tests;

public sealed class FolderDataTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "twingan-evaluation-folders-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Run_UnlabelledFolders_ReportsOnlySwdAndReconstruction()
    {
        // Exported at 32 px and evaluated at 16 px: folder images are centre-cropped and resized on load.
        TwinFacesExporter.Write(root, 32, new TwinFacesCounts(TrainPerDomain: 8, TestPairs: 8), seed: 4);
        DomainData Domain(string name) => new(name,
            new FileImageSource(ImageFolderReader.Read(Path.Combine(root, "test", name)), name),
            new FileImageSource(ImageFolderReader.Read(Path.Combine(root, "train", name)), name));
        var data = EvaluationData.FromSources("folders", 16, Domain("photo"), Domain("anime"));
        using var suite = new EvaluationSuite(data, EvaluationSuiteTests.Fast());

        var metrics = suite.Run(new IdentityTwinModel(data)).Metrics;

        Assert.Equal(0, metrics["Recon/L1/photo"]);
        Assert.True(metrics["Swd/photo2anime"] > 0);
        Assert.Contains("Swd/floor/photo", metrics.Keys);
        Assert.DoesNotContain(metrics.Keys, k => k.StartsWith("PairedL1/", StringComparison.Ordinal)
            || k.StartsWith("Retrieval/", StringComparison.Ordinal) || k.StartsWith("AttrAcc/", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }
}
