using TorchSharp;
using TwinGan.Model.Options;
using TwinGan.Model.Training;
using static TorchSharp.torch;

namespace TwinGan.Model.Tests;

public sealed class GradientCoverageTests
{
    [Theory]
    [InlineData(NormKind.BatchNorm)]
    [InlineData(NormKind.BatchRenorm)]
    public void TotalLoss_DuringFadeInWithConditioning_GivesEveryParameterAGradient(NormKind norm)
    {
        torch.manual_seed(7);
        using var scope = NewDisposeScope();
        var conditioning = new ConditioningOptions(4, ["hair_green", "eyes_blue"]);
        using var model = TwinGanModel.Create(TinyModels.Options(8, norm, conditioning), seed: 7);
        var options = TrainingOptions.Default with { ReconstructionGanFromResolution = 8 };
        using var step = new TrainingStep(model, options with { Seed = 7 });
        var labels = torch.tensor(new float[] { 1, 0, 0, 1, 1, 1, 0, 0 }).view(4, 2);
        DomainBatch[] batches = [new(TinyModels.Images(4, 8, 1), labels), new(TinyModels.Images(4, 8, 2), labels.flip(0))];
        var stage = new Networks.Stage(8, 0.5);

        var forward = step.Forward(batches, stage);
        var (dTotal, _) = step.DiscriminatorLoss(batches, forward, stage);
        var (gTotal, _) = step.GeneratorLoss(batches, forward, stage);
        (dTotal + gTotal).backward();

        var all = model.Network.named_parameters().Concat(model.Discriminators.named_parameters()).ToList();
        Assert.NotEmpty(all);
        var missing = all.Where(p => p.parameter.grad is null || p.parameter.grad.abs().sum().item<float>() == 0).Select(p => p.name).ToList();
        Assert.True(missing.Count == 0, "no gradient for: " + string.Join(", ", missing));
    }
}
