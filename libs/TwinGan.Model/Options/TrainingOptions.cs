namespace TwinGan.Model.Options;

/// <summary>GAN loss variants for the translation and reconstruction adversarial terms.</summary>
public enum GanLossKind
{
    /// <summary>Non-saturating logistic loss (Goodfellow et al. 2014), the original's choice.</summary>
    NonSaturating,

    /// <summary>Hinge loss (Lim and Ye 2017), offered for experiments.</summary>
    Hinge,
}

/// <summary>Loss weights; defaults are the original's (ARCHITECTURE.md section 5).</summary>
public sealed record LossWeights(
    double Reconstruction = 1.0,
    double ReconstructionGan = 1.0,
    double TranslationGan = 1.0,
    double SemanticConsistency = 0.1,
    double AttributeClassification = 1.0);

/// <summary>Adam settings; defaults lr 1e-4, betas (0.5, 0.99) as in the original.</summary>
public sealed record AdamOptions(double LearningRate = 1e-4, double Beta1 = 0.5, double Beta2 = 0.99, double Epsilon = 1e-8);

/// <summary>
/// Batch renorm clipping schedule (Ioffe 2017, section 4): r_max = 1 and d_max = 0 during warm-up (plain batch
/// norm), then linearly relaxed to their final values; r_min = 1 / r_max.
/// </summary>
public sealed record RenormSchedule(
    long WarmupSteps = 5_000,
    double RMaxFinal = 3.0,
    long RMaxRampEndStep = 40_000,
    double DMaxFinal = 5.0,
    long DMaxRampEndStep = 25_000)
{
    /// <summary>Clipping bounds at optimisation step <paramref name="step"/>.</summary>
    public RenormClipping At(long step)
    {
        var rMax = 1.0 + ((RMaxFinal - 1.0) * Ramp(step, RMaxRampEndStep));
        var dMax = DMaxFinal * Ramp(step, DMaxRampEndStep);
        return new RenormClipping(rMax, 1.0 / rMax, dMax);
    }

    private double Ramp(long step, long end) =>
        step <= WarmupSteps ? 0.0 : end <= WarmupSteps ? 1.0 : Math.Min(1.0, (step - WarmupSteps) / (double)(end - WarmupSteps));
}

/// <summary>Batch renorm bounds: r in [RMin, RMax], d in [-DMax, DMax].</summary>
public readonly record struct RenormClipping(double RMax, double RMin, double DMax);

/// <summary>
/// Progressive growing (PGGAN section 3): images shown per fade-in and per stable phase (separate numbers, as the
/// Trainer's JobConfig has them), and batch size per resolution (the original: 8 up to 64 px, 4 at 128, 3 at 256).
/// </summary>
/// <param name="StartResolution">The first stage; it has only a stable phase (there is nothing to fade from).</param>
/// <param name="ImagesPerFadeIn">Images over which alpha rises from 0 to 1 after each growth.</param>
/// <param name="ImagesPerStable">Images of each stable phase (alpha = 1) before growing to the next resolution.</param>
public sealed record GrowthSchedule(int StartResolution, long ImagesPerFadeIn, long ImagesPerStable)
{
    /// <summary>The original's schedule: from 4 px, 600k images per fade-in and per stable phase.</summary>
    public GrowthSchedule()
        : this(4, 600_000, 600_000)
    {
    }

    /// <summary>The same number of images for every fade-in and stable phase.</summary>
    public GrowthSchedule(int StartResolution, long ImagesPerPhase)
        : this(StartResolution, ImagesPerPhase, ImagesPerPhase)
    {
    }

    /// <summary>Batch size the original uses at <paramref name="resolution"/>.</summary>
    public static int BatchSizeAt(int resolution) => resolution switch
    {
        <= 64 => 8,
        128 => 4,
        _ => 3,
    };

    /// <summary>Images until the final stable phase ends: the start stage's stable phase, then a fade-in and a stable
    /// phase per doubling up to <paramref name="finalResolution"/> (saturates at <see cref="long.MaxValue"/>).</summary>
    public long TotalImages(int finalResolution)
    {
        Resolutions.Validate(finalResolution, nameof(finalResolution));
        var total = ImagesPerStable;
        for (var r = StartResolution * 2; r <= finalResolution; r *= 2)
            total = SaturatingAdd(SaturatingAdd(total, ImagesPerFadeIn), ImagesPerStable);
        return total;
    }

    /// <summary>Checks the numbers; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        Resolutions.Validate(StartResolution, nameof(StartResolution));
        if (ImagesPerFadeIn < 1)
            throw new ArgumentException($"ImagesPerFadeIn must be >= 1, got {ImagesPerFadeIn}.", nameof(ImagesPerFadeIn));
        if (ImagesPerStable < 1)
            throw new ArgumentException($"ImagesPerStable must be >= 1, got {ImagesPerStable}.", nameof(ImagesPerStable));
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}

/// <summary>Everything the training step needs besides the architecture; defaults are the original's.</summary>
/// <param name="GpLambda">DRAGAN gradient-penalty weight (0.25 in the original's recommended run).</param>
/// <param name="GpPerturbation">DRAGAN perturbation scale c in x + c * std(x) * U[-1, 1].</param>
/// <param name="ReconstructionGanFromResolution">The GAN loss on reconstructions starts at this resolution.</param>
/// <param name="NCritic">Discriminator updates per generator/encoder update.</param>
/// <param name="EmaBeta">Decay of the exponential moving average of encoder/generator weights.</param>
/// <param name="Seed">Seeds the per-step noise (DRAGAN perturbations), so a resumed run repeats exactly.</param>
public sealed record TrainingOptions(
    LossWeights Weights,
    GanLossKind GanLoss,
    double GpLambda,
    double GpPerturbation,
    int ReconstructionGanFromResolution,
    AdamOptions Adam,
    int NCritic,
    double EmaBeta,
    RenormSchedule Renorm,
    GrowthSchedule Growth,
    long Seed)
{
    /// <summary>
    /// EMA ramp-up (stylegan3's <c>ema_rampup</c>): the average's half-life is at most this fraction of the images seen
    /// so far, so early in a run the EMA follows the live weights instead of keeping most of the random
    /// initialisation; <see cref="EmaBeta"/> bounds it once the run is long enough. 0 turns the ramp-up off (the
    /// original's fixed β). Without it a 4-minute CPU run (435 steps at β 0.995) served an EMA that still held 11 %
    /// of the initial weights and reconstructed 2.4× worse than the live network (benchmarks/RESULTS.md).
    /// </summary>
    public double EmaRampup { get; init; } = 0.05;

    /// <summary>The EMA decay for a step of <paramref name="batchSize"/> images after <paramref name="imagesSeen"/>:
    /// min(β, 0.5^(batch / (images × ramp-up))).</summary>
    public double EmaBetaAt(long imagesSeen, int batchSize)
    {
        if (EmaRampup <= 0)
            return EmaBeta;
        var halfLifeImages = Math.Max(imagesSeen, 1) * EmaRampup;
        return Math.Min(EmaBeta, Math.Pow(0.5, batchSize / halfLifeImages));
    }

    /// <summary>The original's settings.</summary>
    public static TrainingOptions Default { get; } = new(
        new LossWeights(), GanLossKind.NonSaturating, 0.25, 0.5, 64, new AdamOptions(), 1, 0.999, new RenormSchedule(), new GrowthSchedule(), 0);

    /// <summary>Parses a GAN loss option name; unknown names are refused.</summary>
    public static GanLossKind ParseGanLoss(string name) => name switch
    {
        "non_saturating" => GanLossKind.NonSaturating,
        "hinge" => GanLossKind.Hinge,
        _ => throw new ArgumentException($"Unknown GAN loss '{name}'; expected non_saturating or hinge.", nameof(name)),
    };

    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (NCritic < 1)
            throw new ArgumentException($"NCritic must be >= 1, got {NCritic}.", nameof(NCritic));
        if (EmaBeta is < 0 or >= 1)
            throw new ArgumentException($"EmaBeta must be in [0, 1), got {EmaBeta}.", nameof(EmaBeta));
        if (EmaRampup < 0 || double.IsNaN(EmaRampup))
            throw new ArgumentException($"EmaRampup must be >= 0 (0 = off), got {EmaRampup}.", nameof(EmaRampup));
        if (GpLambda < 0 || GpPerturbation < 0)
            throw new ArgumentException("GpLambda and GpPerturbation must be >= 0.", nameof(GpLambda));
        if (Adam.LearningRate <= 0)
            throw new ArgumentException("Adam learning rate must be > 0.", nameof(Adam));
        Resolutions.Validate(ReconstructionGanFromResolution, nameof(ReconstructionGanFromResolution));
        Growth.Validate();
    }
}
