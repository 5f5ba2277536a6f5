using TorchSharp;
using TwinGan.Model.Options;
using TwinGan.Model.Training;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

public sealed class TrainingStepTests
{
    private static TrainingOptions Fast(int resolution, double lr = 1e-3) => TrainingOptions.Default with
    {
        Adam = new AdamOptions(LearningRate: lr),
        Growth = new GrowthSchedule(resolution, 1_000_000),
        ReconstructionGanFromResolution = resolution,
    };

    [Fact]
    public void Run_EightFixedImagesWithReconstructionOnly_ReconstructionLossFallsByEightyPercent()
    {
        // Adversarial and semantic weights off: this checks that the step optimises E/G, not GAN dynamics.
        var options = Fast(16, lr: 3e-3) with { Weights = new LossWeights(1, 0, 0, 0, 0), GpLambda = 0, Seed = 21 };
        using var model = TwinGanModel.Create(TinyModels.Options(16), seed: 21);
        using var step = new TrainingStep(model, options);
        using var a = nn.functional.interpolate(TinyModels.Images(8, 4, 1), size: [16, 16], mode: InterpolationMode.Bilinear);
        using var b = nn.functional.interpolate(TinyModels.Images(8, 4, 2), size: [16, 16], mode: InterpolationMode.Bilinear);

        var first = step.Run(new DomainBatch(a), new DomainBatch(b)).Generator["photo"].Reconstruction;
        var last = first;
        for (var i = 0; i < 250; i++)
        {
            using var scope = NewDisposeScope();
            last = step.Run(new DomainBatch(a), new DomainBatch(b)).Generator["photo"].Reconstruction;
        }

        Assert.True(last <= first * 0.2, $"reconstruction L1 {first} -> {last}");
    }

    [Fact]
    public void Run_SameSeedTwice_GivesIdenticalLossesAndEmaWeights()
    {
        var (losses1, weights1) = TrainTwoSteps();
        var (losses2, weights2) = TrainTwoSteps();

        Assert.Equal(losses1, losses2);
        Assert.Equal(weights1, weights2);
    }

    [Fact]
    public void Run_NCriticThree_ReportsEveryTermAndAdvancesProgress()
    {
        using var model = TwinGanModel.Create(TinyModels.Options(8), seed: 3);
        using var step = new TrainingStep(model, Fast(8) with { NCritic = 3, Seed = 3 });

        var losses = step.Run(new DomainBatch(TinyModels.Images(4, 8, 1)), new DomainBatch(TinyModels.Images(4, 8, 2)));

        Assert.Equal(TinyModels.Domains, losses.Generator.Keys);
        Assert.All(losses.Discriminator.Values, d => Assert.True(d.GradientPenalty > 0 && d.Adversarial > 0));
        Assert.All(losses.Generator.Values, g => Assert.True(g.ReconstructionGan > 0 && g.SemanticConsistency > 0));
        Assert.Equal((1L, 4L), (losses.Progress.Steps, losses.Progress.ImagesSeen));
        Assert.Contains("Loss/G/anime/translation_gan", losses.ToStats().Keys);
    }

    [Fact]
    public void Run_MismatchedBatchSizes_ThrowsNamingBatchDimension()
    {
        using var model = TwinGanModel.Create(TinyModels.Options(8), seed: 3);
        using var step = new TrainingStep(model, Fast(8) with { Seed = 3 });

        var error = Assert.Throws<ArgumentException>(() =>
            step.Run(new DomainBatch(TinyModels.Images(4, 8, 1)), new DomainBatch(TinyModels.Images(2, 8, 2))));

        Assert.Contains("dimension 0 (batch) is 2, expected 4", error.Message);
    }

    private static (List<double> Losses, float[] Weights) TrainTwoSteps()
    {
        using var model = TwinGanModel.Create(TinyModels.Options(8, NormKind.BatchRenorm), seed: 9);
        using var step = new TrainingStep(model, Fast(8) with { Seed = 9 });
        var losses = new List<double>();
        for (var i = 0; i < 2; i++)
        {
            using var scope = NewDisposeScope();
            losses.AddRange(step.Run(new DomainBatch(TinyModels.Images(4, 8, 1)), new DomainBatch(TinyModels.Images(4, 8, 2))).ToStats().Values);
        }
        using var flat = cat(model.Ema.parameters().Select(p => p.detach().flatten()).ToList(), 0);
        return (losses, flat.data<float>().ToArray());
    }
}
