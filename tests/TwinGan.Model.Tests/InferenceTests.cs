using TorchSharp;
using TwinGan.Model.Bundles;
using TwinGan.Model.Imaging;
using TwinGan.Model.Inference;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

public sealed class InferenceTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "twingan-inference-tests-" + Guid.NewGuid().ToString("N"));
    private readonly TwinGanModel model;
    private readonly TwinGanInference inference;

    public InferenceTests()
    {
        model = TwinGanModel.Create(TinyModels.Options(16, conditioning: new ConditioningOptions(4, ["green"])), seed: 31);
        var directory = Path.Combine(root, "bundle");
        ModelBundle.Save(directory, model, new BundleInfo("tiny", "1"));
        inference = TwinGanInference.Load(directory);
    }

    private static List<RgbImage> Images(int count, long seed) => [.. RgbImage.FromBatch(TinyModels.Images(count, 16, seed))];

    [Fact]
    public void TranslateBatch_FromBundle_EqualsEmaNetworkOutput()
    {
        var images = Images(3, 1);
        var style = Images(1, 2)[0];

        var translated = inference.TranslateBatch(images, "photo", "anime", style, [1f]);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = RgbImage.ToBatch(images);
        var expected = model.Ema.Translate(x, 0, 1, new Stage(16), RgbImage.ToBatch([style]).expand(3, -1, -1, -1), ones(3, 1)).clamp(-1, 1);
        Assert.Equal(3, translated.Count);
        Assert.True(RgbImage.ToBatch(translated).allclose(expected, atol: 1e-5));
    }

    [Theory]
    [InlineData(EmbeddingLayout.Flattened, 16 * 4 * 4)]
    [InlineData(EmbeddingLayout.Pooled, 16)]
    public void EmbedBatch_EachLayout_ReturnsUnitVectorsOfManifestSize(EmbeddingLayout layout, int dimensions)
    {
        var embeddings = inference.EmbedBatch(Images(4, 3), "anime", layout);

        Assert.Equal(4, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(dimensions, e.Length));
        Assert.All(embeddings, e => Assert.Equal(1.0, Math.Sqrt(e.Sum(v => (double)v * v)), 5));
        Assert.Contains(inference.Manifest.EmbeddingLayouts, l => l.Name == EmbeddingLayouts.Name(layout) && l.Dimensions == dimensions);
    }

    [Fact]
    public void TranslateBatch_ConcurrentCallers_GetSameResultsAsSerial()
    {
        var batches = Enumerable.Range(0, 6).Select(i => Images(2, 10 + i)).ToList();
        var serial = batches.Select(b => inference.TranslateBatch(b, "anime", "photo")).ToList();

        var parallel = new IReadOnlyList<RgbImage>[batches.Count];
        Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i => parallel[i] = inference.TranslateBatch(batches[i], "anime", "photo"));

        for (var i = 0; i < batches.Count; i++)
            Assert.Equal(serial[i].SelectMany(r => r.Chw.ToArray()), parallel[i].SelectMany(r => r.Chw.ToArray()));
    }

    [Fact]
    public void TranslateBatch_UnknownDomain_ThrowsListingKnownDomains()
    {
        var error = Assert.Throws<ArgumentException>(() => inference.TranslateBatch(Images(1, 1), "photo", "cartoon"));

        Assert.Contains("photo, anime", error.Message);
    }

    [Fact]
    public void EmbedBatch_WrongImageSize_ThrowsNamingExpectedSize()
    {
        var small = RgbImage.FromBatch(TinyModels.Images(1, 8, 1));

        var error = Assert.Throws<ArgumentException>(() => inference.EmbedBatch(small, "photo", EmbeddingLayout.Pooled));

        Assert.Contains("16x16", error.Message);
    }

    public void Dispose()
    {
        inference.Dispose();
        model.Dispose();
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }
}
