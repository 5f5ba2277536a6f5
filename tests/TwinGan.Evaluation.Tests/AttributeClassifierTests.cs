using TwinGan.Data;
using TwinGan.Data.Imaging;
using TwinGan.Evaluation.Attributes;

namespace TwinGan.Evaluation.Tests;

public sealed class AttributeClassifierTests : IDisposable
{
    private static readonly AttributeSchema Schema = new([
        new("colour", ["red", "green", "blue"]),
        new("stripe", ["no", "yes"]),
        new("other_domain_only", ["no", "yes"]),
    ]);

    private readonly string root = Path.Combine(Path.GetTempPath(), "twingan-classifier-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>A noisy 16 px image of one colour, with a bright horizontal stripe when asked.</summary>
    private static LabelledImage Synthetic(Random random)
    {
        var (colour, stripe) = (random.Next(3), random.Next(2));
        var pixels = new byte[16 * 16 * 3];
        for (var p = 0; p < 16 * 16; p++)
        {
            for (var c = 0; c < 3; c++)
                pixels[(p * 3) + c] = (byte)((c == colour ? 160 : 40) + random.Next(60) + (stripe == 1 && p / 16 is 7 or 8 ? 35 : 0));
        }
        return new LabelledImage(new RgbImage(16, 16, pixels), [colour, stripe, AttributeDefinition.NotApplicable]);
    }

    private static List<LabelledImage> Set(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Synthetic(random))];
    }

    [Fact]
    public void Train_LearnableAttributes_ClassifiesHeldOutImages()
    {
        using var classifier = AttributeClassifier.Train(Set(192, 1), Schema, 16, new ClassifierOptions { Epochs = 4, BatchSize = 32 }, seed: 1);
        var heldOut = Set(64, 2);

        var accuracy = classifier.Accuracy([.. heldOut.Select(i => i.Image)], [.. heldOut.Select(i => i.Labels)], Schema);

        // Heads exist only for attributes with labels; the never-labelled one is neither trained nor scored.
        Assert.Equal(["colour", "stripe"], classifier.Heads.Select(h => h.Name));
        Assert.True(accuracy["colour"] > 0.95, $"colour {accuracy["colour"]}");
        Assert.True(accuracy["stripe"] > 0.8, $"stripe {accuracy["stripe"]}");
        Assert.DoesNotContain("other_domain_only", accuracy.Keys);
    }

    [Fact]
    public void SaveThenTryLoad_PredictsTheSame()
    {
        using var classifier = AttributeClassifier.Train(Set(32, 1), Schema, 16, new ClassifierOptions { Epochs = 1, BatchSize = 16 }, seed: 1);
        var images = Set(16, 3).Select(i => i.Image).ToList();
        classifier.Save(root);

        using var loaded = AttributeClassifier.TryLoad(root);

        Assert.NotNull(loaded);
        Assert.Equal(classifier.Predict(images), loaded.Predict(images));
    }

    [Fact]
    public void Train_SameSeed_GivesSamePredictionsAndKeepsGlobalGenerator()
    {
        TorchSharp.torch.manual_seed(99);
        var expectedDraw = TorchSharp.torch.rand(1).item<float>();
        TorchSharp.torch.manual_seed(99);
        var options = new ClassifierOptions { Epochs = 1, BatchSize = 16 };
        using var first = AttributeClassifier.Train(Set(32, 1), Schema, 16, options, seed: 5);
        var drawAfterTraining = TorchSharp.torch.rand(1).item<float>();
        using var second = AttributeClassifier.Train(Set(32, 1), Schema, 16, options, seed: 5);
        var images = Set(16, 4).Select(i => i.Image).ToList();

        Assert.Equal(expectedDraw, drawAfterTraining);
        Assert.Equal(first.Predict(images), second.Predict(images));
    }

    [Fact]
    public void TryLoad_EmptyDirectory_ReturnsNull() => Assert.Null(AttributeClassifier.TryLoad(root));

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }
}
