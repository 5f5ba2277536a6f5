using TwinGan.Contracts.Trainer.V1;
using TwinGan.Model.Options;
using TwinGan.Trainer.Grpc;
using TwinGan.Trainer.Options;
using TwinGan.Training;
using LossWeights = TwinGan.Contracts.Trainer.V1.LossWeights;
using ModelChannelPlan = TwinGan.Model.Options.ChannelPlan;
using ProtoChannelPlan = TwinGan.Contracts.Common.V1.ChannelPlan;

namespace TwinGan.Trainer.Jobs;

/// <summary>
/// Validates a <see cref="JobConfig"/> and turns it into the training library's <see cref="RunSpec"/>: every field is
/// checked against the contract (INVALID_ARGUMENT with the field's path), datasets against the file system
/// (<see cref="DatasetChecks"/>), and finally the assembled spec against the library's own rules.
/// </summary>
internal sealed class JobConfigMapper(TrainerOptions options, DatasetChecks datasets)
{
    private const long DefaultImagesPerPhase = 600_000;

    public RunSpec Map(JobConfig? config, List<Violation> invalid, List<Violation> preconditions)
    {
        if (config is null)
        {
            invalid.Add(new("config", "a job config is required", "REQUIRED"));
            return null!;
        }
        if (!Names.IsModelName(config.ModelName))
            invalid.Add(new("config.model_name", "1..63 characters of [a-z0-9-], starting with a letter or digit", "INVALID_NAME"));
        CheckShape(config, invalid);
        var data = Data(config, invalid, preconditions);
        if (invalid.Count > 0 || preconditions.Count > 0) return null!;
        var spec = Assemble(config, data);
        spec = AdvancedOptions.Apply(spec, config.AdvancedOptions, invalid);
        if (invalid.Count > 0) return null!;
        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            invalid.Add(new("config", $"the training library refuses the config: {e.Message}", "INVALID_CONFIG"));
        }
        return spec;
    }

    private void CheckShape(JobConfig c, List<Violation> invalid)
    {
        if (!IsPowerOfTwo(c.Resolution) || c.Resolution < 8 || c.Resolution > options.MaxResolution)
            invalid.Add(new("config.resolution", $"a power of two in 8..{options.MaxResolution} (Trainer:MaxResolution)", "OUT_OF_RANGE"));
        if (c.StartResolution != 0 && (!IsPowerOfTwo(c.StartResolution) || c.StartResolution < 4 || c.StartResolution > Math.Max(c.Resolution, 4)))
            invalid.Add(new("config.start_resolution", "0 or a power of two from 4 up to the resolution", "OUT_OF_RANGE"));
        if (c.ChannelPlan is { } plan)
        {
            if (plan.MaxChannels is < 1 or > 1024) invalid.Add(new("config.channel_plan.max_channels", "1..1024", "OUT_OF_RANGE"));
            if (plan.ChannelBase is < 0 or > 1 << 20) invalid.Add(new("config.channel_plan.channel_base", "0 (16 * max_channels) or up to 1048576", "OUT_OF_RANGE"));
            if (plan.ChannelsPerResolution.Count > 0)
                invalid.Add(new("config.channel_plan.channels_per_resolution", "explicit channels per resolution are not supported by this server; use max_channels and channel_base", "UNSUPPORTED"));
        }
        foreach (var (resolution, size) in c.BatchSizePerResolution)
        {
            if (!IsPowerOfTwo(resolution) || resolution < 4 || resolution > Math.Max(c.Resolution, 4) || size is < 2 or > 1024)
                invalid.Add(new($"config.batch_size_per_resolution[{resolution}]", "resolutions are powers of two up to the resolution; batch sizes 2..1024", "OUT_OF_RANGE"));
        }
        NonNegative(c.ImagesPerFadePhase, "config.images_per_fade_phase", invalid);
        NonNegative(c.ImagesPerStablePhase, "config.images_per_stable_phase", invalid);
        NonNegative(c.MaxImages, "config.max_images", invalid);
        NonNegative(c.CheckpointIntervalImages, "config.checkpoint_interval_images", invalid);
        NonNegative(c.SampleIntervalImages, "config.sample_interval_images", invalid);
        NonNegative(c.EvaluationIntervalImages, "config.evaluation_interval_images", invalid);
        NonNegative(c.KeepCheckpoints, "config.keep_checkpoints", invalid);
        if (c.MaxDuration is { } d && (d.Seconds < 0 || d.Nanos < 0 || d.ToTimeSpan() <= TimeSpan.Zero))
            invalid.Add(new("config.max_duration", "must be positive when set", "OUT_OF_RANGE"));
        CheckWeights(c.LossWeights, invalid);
        CheckOptimizer(c.Optimizer, invalid);
        if (!Enum.IsDefined(c.Normalization)) invalid.Add(new("config.normalization", "unknown normalisation", "OUT_OF_RANGE"));
        if (c.Conditioning is { } cond)
        {
            if (cond.StyleDim is < 0 or > 512) invalid.Add(new("config.conditioning.style_dim", "0 (16) .. 512", "OUT_OF_RANGE"));
            for (var i = 0; i < cond.Attributes.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(cond.Attributes[i]) || cond.Attributes[i].Length > 64)
                    invalid.Add(new($"config.conditioning.attributes[{i}]", "1..64 characters", "OUT_OF_RANGE"));
            }
        }
    }

    private static void CheckWeights(LossWeights? w, List<Violation> invalid)
    {
        if (w is null) return;
        void Weight(bool has, double value, string name)
        {
            if (has && (!double.IsFinite(value) || value < 0)) invalid.Add(new($"config.loss_weights.{name}", "a finite number >= 0", "OUT_OF_RANGE"));
        }
        Weight(w.HasReconstruction, w.Reconstruction, "reconstruction");
        Weight(w.HasReconstructionGan, w.ReconstructionGan, "reconstruction_gan");
        Weight(w.HasTranslationGan, w.TranslationGan, "translation_gan");
        Weight(w.HasGradientPenalty, w.GradientPenalty, "gradient_penalty");
        Weight(w.HasSemanticConsistency, w.SemanticConsistency, "semantic_consistency");
        if (w.HasReconstructionGanFromResolution && (!IsPowerOfTwo(w.ReconstructionGanFromResolution) || w.ReconstructionGanFromResolution is < 4 or > 1024))
            invalid.Add(new("config.loss_weights.reconstruction_gan_from_resolution", "a power of two in 4..1024", "OUT_OF_RANGE"));
    }

    private static void CheckOptimizer(OptimizerConfig? o, List<Violation> invalid)
    {
        if (o is null) return;
        if (o.HasLearningRate && (!double.IsFinite(o.LearningRate) || o.LearningRate <= 0 || o.LearningRate > 1))
            invalid.Add(new("config.optimizer.learning_rate", "in (0, 1]", "OUT_OF_RANGE"));
        if (o.HasBeta1 && o.Beta1 is < 0 or >= 1 or double.NaN) invalid.Add(new("config.optimizer.beta1", "in [0, 1)", "OUT_OF_RANGE"));
        if (o.HasBeta2 && o.Beta2 is < 0 or >= 1 or double.NaN) invalid.Add(new("config.optimizer.beta2", "in [0, 1)", "OUT_OF_RANGE"));
        if (o.HasNCritic && o.NCritic is < 1 or > 100) invalid.Add(new("config.optimizer.n_critic", "1..100", "OUT_OF_RANGE"));
        if (o.HasEmaDecay && o.EmaDecay is < 0 or >= 1 or double.NaN) invalid.Add(new("config.optimizer.ema_decay", "in [0, 1)", "OUT_OF_RANGE"));
        if (o.HasEmaRampup && (!double.IsFinite(o.EmaRampup) || o.EmaRampup is < 0 or > 1)) invalid.Add(new("config.optimizer.ema_rampup", "in [0, 1]", "OUT_OF_RANGE"));
    }

    private List<DomainDataSpec> Data(JobConfig c, List<Violation> invalid, List<Violation> preconditions)
    {
        var specs = new List<DomainDataSpec>();
        if (c.Domains.Count != 2)
        {
            invalid.Add(new("config.domains", $"exactly two domains are required, got {c.Domains.Count}", "OUT_OF_RANGE"));
            return specs;
        }
        if (c.Domains[0].Domain == c.Domains[1].Domain)
            invalid.Add(new("config.domains[1].domain", "the two domains must differ", "DUPLICATE_DOMAIN"));
        for (var i = 0; i < c.Domains.Count; i++)
        {
            var d = c.Domains[i];
            var field = $"config.domains[{i}]";
            if (!Names.IsDomain(d.Domain))
                invalid.Add(new($"{field}.domain", "1..32 characters of [a-z0-9_-], starting with a letter", "UNKNOWN_DOMAIN"));
            if (d.Builtin.Length > 0)
            {
                if (d.Builtin is not (DomainDataSpec.TwinFacesPhoto or DomainDataSpec.TwinFacesAnime))
                    invalid.Add(new($"{field}.builtin", $"'{d.Builtin}' is not a built-in dataset; use {DomainDataSpec.TwinFacesPhoto} or {DomainDataSpec.TwinFacesAnime}", "UNKNOWN_DATASET"));
                if (d.Roots.Count > 0 || d.LabelsCsv.Length > 0 || d.CelebaAttrFile.Length > 0)
                    invalid.Add(new($"{field}.roots", "a built-in dataset takes no roots, labels_csv or celeba_attr_file", "CONFLICTING_FIELDS"));
                specs.Add(new DomainDataSpec(d.Domain, [], Builtin: d.Builtin, FaceCrop: d.FaceCrop));
                continue;
            }
            if (d.Roots.Count == 0) invalid.Add(new($"{field}.roots", "give at least one image folder, or a builtin dataset", "REQUIRED"));
            if (d.LabelsCsv.Length > 0 && d.CelebaAttrFile.Length > 0)
                invalid.Add(new($"{field}.celeba_attr_file", "give labels_csv or celeba_attr_file, not both", "CONFLICTING_FIELDS"));
            if (d.CelebaAttrFile.Length > 0 && d.Roots.Count != 1)
                invalid.Add(new($"{field}.celeba_attr_file", "a CelebA attribute file labels exactly one root", "CONFLICTING_FIELDS"));
            var roots = new List<string>();
            for (var r = 0; r < d.Roots.Count; r++)
            {
                if (datasets.Folder(d.Roots[r], $"{field}.roots[{r}]", invalid, preconditions) is { } real) roots.Add(real);
            }
            var labels = d.LabelsCsv.Length > 0 ? datasets.File(d.LabelsCsv, $"{field}.labels_csv", invalid, preconditions) : null;
            var celeba = d.CelebaAttrFile.Length > 0 ? datasets.File(d.CelebaAttrFile, $"{field}.celeba_attr_file", invalid, preconditions) : null;
            specs.Add(new DomainDataSpec(d.Domain, roots, labels, celeba, null, d.FaceCrop));
        }
        return specs;
    }

    private RunSpec Assemble(JobConfig c, List<DomainDataSpec> data)
    {
        var w = c.LossWeights ?? new LossWeights();
        var o = c.Optimizer ?? new OptimizerConfig();
        var defaults = TrainingOptions.Default;
        var training = defaults with
        {
            Weights = defaults.Weights with
            {
                Reconstruction = w.HasReconstruction ? w.Reconstruction : defaults.Weights.Reconstruction,
                ReconstructionGan = w.HasReconstructionGan ? w.ReconstructionGan : defaults.Weights.ReconstructionGan,
                TranslationGan = w.HasTranslationGan ? w.TranslationGan : defaults.Weights.TranslationGan,
                SemanticConsistency = w.HasSemanticConsistency ? w.SemanticConsistency : defaults.Weights.SemanticConsistency,
            },
            GpLambda = w.HasGradientPenalty ? w.GradientPenalty : defaults.GpLambda,
            ReconstructionGanFromResolution = w.HasReconstructionGanFromResolution ? w.ReconstructionGanFromResolution : defaults.ReconstructionGanFromResolution,
            Adam = defaults.Adam with
            {
                LearningRate = o.HasLearningRate ? o.LearningRate : defaults.Adam.LearningRate,
                Beta1 = o.HasBeta1 ? o.Beta1 : defaults.Adam.Beta1,
                Beta2 = o.HasBeta2 ? o.Beta2 : defaults.Adam.Beta2,
            },
            NCritic = o.HasNCritic ? o.NCritic : defaults.NCritic,
            EmaBeta = o.HasEmaDecay ? o.EmaDecay : defaults.EmaBeta,
            EmaRampup = o.HasEmaRampup ? o.EmaRampup : defaults.EmaRampup,
            Growth = new GrowthSchedule(c.StartResolution == 0 ? 4 : c.StartResolution,
                c.ImagesPerFadePhase == 0 ? DefaultImagesPerPhase : c.ImagesPerFadePhase,
                c.ImagesPerStablePhase == 0 ? DefaultImagesPerPhase : c.ImagesPerStablePhase),
            Seed = c.Seed,
        };
        var conditioning = c.Conditioning is { } cond && (cond.StyleEncoder || cond.Attributes.Count > 0)
            ? new ConditioningOptions(cond.StyleEncoder ? (cond.StyleDim == 0 ? ConditioningOptions.DefaultStyleDim : cond.StyleDim) : 0, [.. cond.Attributes])
            : ConditioningOptions.None;
        var model = new ModelOptions([c.Domains[0].Domain, c.Domains[1].Domain], c.Resolution, Plan(c.ChannelPlan),
            c.Normalization == Normalization.BatchNorm ? NormKind.BatchNorm : NormKind.BatchRenorm,
            UseSkips: c.Ablation?.DisableUnetSkips != true, PerDomainNorm: c.Ablation?.SharedNormalization != true, conditioning);
        return new RunSpec(model, training, data)
        {
            Name = c.ModelName,
            BatchSizes = c.BatchSizePerResolution.ToDictionary(kv => kv.Key, kv => kv.Value),
            MaxImages = c.MaxImages,
            MaxDuration = c.MaxDuration?.ToTimeSpan(),
            CheckpointIntervalImages = c.CheckpointIntervalImages == 0 ? options.CheckpointIntervalImages : c.CheckpointIntervalImages,
            KeepCheckpoints = c.KeepCheckpoints,
            SampleIntervalImages = c.SampleIntervalImages == 0 ? options.SampleIntervalImages : c.SampleIntervalImages,
            EvaluationIntervalImages = c.EvaluationIntervalImages,
        };
    }

    /// <summary>
    /// The contract's plan (channels = min(channel_base / r, max_channels)) as PGGAN's fmap numbers; the named plans
    /// of the model library are used when the numbers match, so manifests say "tiny" rather than a custom name.
    /// </summary>
    internal static ModelChannelPlan Plan(ProtoChannelPlan? plan)
    {
        if (plan is null || plan.MaxChannels == 0) return ModelChannelPlan.Original;
        var fmapBase = (plan.ChannelBase == 0 ? 16 * plan.MaxChannels : plan.ChannelBase) / 2;
        ModelChannelPlan[] named = [ModelChannelPlan.Original, ModelChannelPlan.Small, ModelChannelPlan.Tiny];
        return named.FirstOrDefault(p => p.FmapBase == fmapBase && p.FmapMax == plan.MaxChannels)
            ?? new ModelChannelPlan($"custom-{plan.MaxChannels}-{fmapBase * 2}", Math.Max(1, fmapBase), plan.MaxChannels, Math.Min(16, plan.MaxChannels));
    }

    private static bool IsPowerOfTwo(int value) => value > 0 && (value & (value - 1)) == 0;

    private static void NonNegative(long value, string field, List<Violation> invalid)
    {
        if (value < 0) invalid.Add(new(field, "must be >= 0", "OUT_OF_RANGE"));
    }
}
