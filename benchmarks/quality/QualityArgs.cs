using System.Globalization;

namespace TwinGan.Benchmarks.Quality;

/// <summary>
/// Command line of the quality benchmark. Defaults are issue 4's quality bar: 32 px, 20 minutes of training per
/// model, 500 paired test items. Phase lengths of the progressive schedule scale with the budget.
/// </summary>
internal sealed record QualityArgs
{
    public double Minutes { get; init; } = 20;

    public int Resolution { get; init; } = 32;

    /// <summary>First resolution of the progressive schedule (4 = the original's).</summary>
    public int StartResolution { get; init; } = 4;

    public int Pairs { get; init; } = 500;

    public string Plan { get; init; } = "small";

    /// <summary>Caps the plan's channels (0 = the plan's own cap), e.g. 32 to trade capacity for steps per budget.</summary>
    public int FmapMax { get; init; }

    /// <summary>The channel plan both variants train with.</summary>
    public TwinGan.Model.Options.ChannelPlan ChannelPlan
    {
        get
        {
            var plan = TwinGan.Model.Options.ChannelPlan.FromName(Plan);
            return FmapMax <= 0 ? plan : plan with { Name = $"{plan.Name}-max{FmapMax}", FmapMax = FmapMax, FmapMin = Math.Min(plan.FmapMin, FmapMax) };
        }
    }

    /// <summary>LibTorch intra-op threads: all cores (1 thread trained 6.3 img/s at 32 px on the 2-core box, 2 threads ~10).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public long Seed { get; init; } = 1;

    public int ClassifierTrainCount { get; init; } = 4000;

    /// <summary>EMA decay: the original's 0.999 averages over ~5k images, too long for a run of a few tens of thousands.</summary>
    public double EmaBeta { get; init; } = 0.995;

    /// <summary>EMA ramp-up (fraction of the images seen that bounds the EMA's half-life; 0 = fixed β).</summary>
    public double EmaRampup { get; init; } = TwinGan.Model.Options.TrainingOptions.Default.EmaRampup;

    /// <summary>Adam learning rate of both variants (the original's 1e-4 unless given).</summary>
    public double LearningRate { get; init; } = TwinGan.Model.Options.TrainingOptions.Default.Adam.LearningRate;

    /// <summary>Loss weights of both variants (the original's unless given with --weights, using the Trainer's names).</summary>
    public TwinGan.Model.Options.LossWeights Weights { get; init; } = TwinGan.Model.Options.TrainingOptions.Default.Weights;

    /// <summary>Images per fade-in and per stable phase; 0 = 150 per budget minute, so 32 px is reached in about half the budget.</summary>
    public long PhaseImages { get; init; }

    /// <summary>Evaluate during training every this many images (appended to the run's evaluation.jsonl); 0 = never.</summary>
    public long EvaluateEvery { get; init; }

    public string Output { get; init; } = Path.Combine("out", "quality");

    public IReadOnlyList<string> Variants { get; init; } = ["twingan", "ablation"];

    /// <summary>The settings that shape the result, as the console and results.md print them.</summary>
    public string Describe() => FormattableString.Invariant(
        $"{Resolution} px, {Minutes} min per model, {Pairs} pairs, plan {ChannelPlan.Name}, start {StartResolution} px, lr {LearningRate}, EMA {EmaBeta} ramp-up {EmaRampup}, {Weights}");

    public long ImagesPerPhase => PhaseImages > 0 ? PhaseImages : (long)Math.Max(100, 150 * Minutes);

    public static QualityArgs Parse(string[] args)
    {
        var parsed = new QualityArgs();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            parsed = args[i] switch
            {
                "--minutes" => parsed with { Minutes = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--resolution" => parsed with { Resolution = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--start" => parsed with { StartResolution = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--pairs" => parsed with { Pairs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--plan" => parsed with { Plan = Value() },
                "--fmap-max" => parsed with { FmapMax = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--threads" => parsed with { Threads = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seed" => parsed with { Seed = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--classifier-train" => parsed with { ClassifierTrainCount = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--lr" => parsed with { LearningRate = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--ema" => parsed with { EmaBeta = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--ema-rampup" => parsed with { EmaRampup = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--weights" => parsed with { Weights = ParseWeights(parsed.Weights, Value()) },
                "--phase-images" => parsed with { PhaseImages = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--evaluate-every" => parsed with { EvaluateEvery = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--out" => parsed with { Output = Value() },
                "--variants" => parsed with { Variants = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Options: --minutes --resolution --start --pairs --plan --fmap-max --threads --seed --classifier-train --ema --ema-rampup --lr --weights --phase-images --evaluate-every --out --variants twingan,ablation"),
            };
        }
        if (parsed.FmapMax < 0)
            throw new ArgumentException("--fmap-max must be >= 0 (0 = the plan's own cap).");
        parsed.ChannelPlan.Validate();
        if (parsed.Minutes <= 0 || parsed.Pairs <= 0 || parsed.Threads <= 0 || parsed.LearningRate <= 0)
            throw new ArgumentException("--minutes, --pairs, --threads and --lr must be positive.");
        if (parsed.StartResolution > parsed.Resolution)
            throw new ArgumentException("--start must not exceed --resolution.");
        if (parsed.Variants.Any(v => v is not ("twingan" or "ablation")))
            throw new ArgumentException("--variants takes twingan and/or ablation.");
        return parsed;
    }

    /// <summary>"reconstruction=10,semantic_consistency=1": the Trainer's LossWeights field names, each a non-negative number.</summary>
    private static TwinGan.Model.Options.LossWeights ParseWeights(TwinGan.Model.Options.LossWeights weights, string text)
    {
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var value) || value < 0)
                throw new ArgumentException($"--weights: '{pair}' is not name=value with a number >= 0.");
            weights = parts[0] switch
            {
                "reconstruction" => weights with { Reconstruction = value },
                "reconstruction_gan" => weights with { ReconstructionGan = value },
                "translation_gan" => weights with { TranslationGan = value },
                "semantic_consistency" => weights with { SemanticConsistency = value },
                "attribute_classification" => weights with { AttributeClassification = value },
                _ => throw new ArgumentException($"--weights: unknown weight '{parts[0]}'; expected reconstruction, reconstruction_gan, translation_gan, semantic_consistency or attribute_classification."),
            };
        }
        return weights;
    }
}
