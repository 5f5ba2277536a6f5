using TorchSharp;
using TorchSharp.Modules;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;
using static TorchSharp.torch;

namespace TwinGan.Model.Training;

/// <summary>
/// One TwinGAN optimisation step, independent of any host (stylegan3's training loop split into CycleGAN-style
/// named pieces): forward E/G once, update the discriminators n_critic times on the detached fakes, update E/G
/// (and S) on the total loss of section 3.3, update the EMA, advance the progressive state. Not thread-safe.
/// </summary>
public sealed partial class TrainingStep : IDisposable
{
    private readonly TwinGanModel model;
    private readonly TrainingOptions options;
    private readonly Adam generatorOptimizer;
    private readonly Adam discriminatorOptimizer;
    private readonly torch.Generator noise;

    /// <summary>Starts (or, given <paramref name="progress"/>, resumes) training of <paramref name="model"/>.</summary>
    public TrainingStep(TwinGanModel model, TrainingOptions options, ProgressState? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.model = model;
        this.options = options;
        var adam = options.Adam;
        generatorOptimizer = optim.Adam(model.Network.parameters(), adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon);
        discriminatorOptimizer = optim.Adam(model.Discriminators.parameters(), adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon);
        noise = new torch.Generator((ulong)options.Seed);
        Progress = progress ?? ProgressState.Start(options.Growth);
    }

    public ProgressState Progress { get; private set; }

    public TrainingOptions Options => options;

    internal Adam GeneratorOptimizer => generatorOptimizer;

    internal Adam DiscriminatorOptimizer => discriminatorOptimizer;

    /// <summary>Runs one step on a batch from each domain (same batch size, at the current stage's resolution).</summary>
    public StepLosses Run(DomainBatch first, DomainBatch second)
    {
        var batches = Validate(first, second);
        var stage = Progress.Stage;
        model.SetRenormClipping(options.Renorm.At(Progress.Steps));
        // Noise depends only on (seed, step): a run resumed from a checkpoint draws the same perturbations.
        noise.manual_seed(unchecked((options.Seed * 1_000_003L) + Progress.Steps));
        model.Network.train();
        model.Discriminators.train();
        using var scope = NewDisposeScope();
        var forward = Forward(batches, stage);
        DiscriminatorLosses[] discriminatorLosses = [];
        for (var i = 0; i < options.NCritic; i++)
            discriminatorLosses = OptimizeDiscriminators(batches, forward, stage);
        var generatorLosses = OptimizeGenerator(batches, forward, stage);
        Ema.Update(model.Ema, model.Network, options.EmaBetaAt(Progress.ImagesSeen, (int)first.Images.shape[0]));
        Progress = Progress.Advance((int)first.Images.shape[0], options.Growth, model.Options.Resolution);
        var domains = model.Options.Domains;
        return new StepLosses(
            domains.Select((d, i) => (d, generatorLosses[i])).ToDictionary(p => p.d, p => p.Item2),
            domains.Select((d, i) => (d, discriminatorLosses[i])).ToDictionary(p => p.d, p => p.Item2),
            Progress);
    }

    /// <summary>Replaces the progress (used when resuming from a checkpoint).</summary>
    public void Restore(ProgressState progress) => Progress = progress ?? throw new ArgumentNullException(nameof(progress));

    private DiscriminatorLosses[] OptimizeDiscriminators(DomainBatch[] batches, DomainForward[] forward, Stage stage)
    {
        using var scope = NewDisposeScope();
        var (total, terms) = DiscriminatorLoss(batches, forward, stage);
        discriminatorOptimizer.zero_grad();
        total.backward();
        discriminatorOptimizer.step();
        return terms;
    }

    private GeneratorLosses[] OptimizeGenerator(DomainBatch[] batches, DomainForward[] forward, Stage stage)
    {
        using var scope = NewDisposeScope();
        // Discriminator weights are constants here (stylegan3 toggles requires_grad per phase): no wasted grads.
        SetRequiresGrad(model.Discriminators, false);
        try
        {
            var (total, terms) = GeneratorLoss(batches, forward, stage);
            generatorOptimizer.zero_grad();
            total.backward();
            generatorOptimizer.step();
            return terms;
        }
        finally
        {
            SetRequiresGrad(model.Discriminators, true);
        }
    }

    private DomainBatch[] Validate(DomainBatch first, DomainBatch second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var resolution = Progress.Resolution;
        Shapes.RequireImage(first.Images, resolution, "first batch");
        Shapes.RequireImage(second.Images, resolution, "second batch");
        Shapes.RequireBatch(second.Images, first.Images.shape[0], "second batch");
        return [first, second];
    }

    private static void SetRequiresGrad(nn.Module module, bool value)
    {
        foreach (var parameter in module.parameters())
            parameter.requires_grad_(value);
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        noise.Dispose();
    }
}
