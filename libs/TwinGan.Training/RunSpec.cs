using System.Text.Json;
using System.Text.Json.Serialization;
using TwinGan.Model;
using TwinGan.Model.Options;

namespace TwinGan.Training;

/// <summary>
/// Everything a training run needs, written to <c>options.json</c> before anything else (stylegan3's
/// training_options.json). The progressive schedule and the seed live in <see cref="Training"/>
/// (<see cref="TrainingOptions.Growth"/>, <see cref="TrainingOptions.Seed"/>); <see cref="ImagesPerFadeIn"/>,
/// <see cref="ImagesPerStable"/> and <see cref="Seed"/> read and write those, so there is one source of truth.
/// </summary>
/// <param name="Model">Architecture.</param>
/// <param name="Training">Losses, optimiser, EMA, growth schedule and seed.</param>
/// <param name="Data">One entry per domain of <see cref="ModelOptions.Domains"/>.</param>
public sealed record RunSpec(ModelOptions Model, TrainingOptions Training, IReadOnlyList<DomainDataSpec> Data)
{
    /// <summary>Default <see cref="BuiltinTrainCount"/>: twin-faces train images per built-in domain.</summary>
    public const int DefaultBuiltinTrainCount = 10_000;

    /// <summary>Name recorded in checkpoint manifests (and the default for exported bundles).</summary>
    public string Name { get; init; } = "twingan";

    /// <summary>Batch size per resolution in pixels; missing resolutions use <see cref="GrowthSchedule.BatchSizeAt"/>.</summary>
    public IReadOnlyDictionary<int, int> BatchSizes { get; init; } = new Dictionary<int, int>();

    /// <summary>Images per fade-in phase (stored in <see cref="TrainingOptions.Growth"/>).</summary>
    [JsonIgnore]
    public long ImagesPerFadeIn
    {
        get => Training.Growth.ImagesPerFadeIn;
        init => Training = Training with { Growth = Training.Growth with { ImagesPerFadeIn = value } };
    }

    /// <summary>Images per stable phase (stored in <see cref="TrainingOptions.Growth"/>).</summary>
    [JsonIgnore]
    public long ImagesPerStable
    {
        get => Training.Growth.ImagesPerStable;
        init => Training = Training with { Growth = Training.Growth with { ImagesPerStable = value } };
    }

    /// <summary>Seeds initialisation, per-step noise, data order, augmentation and the built-in dataset
    /// (stored in <see cref="TrainingOptions.Seed"/>).</summary>
    [JsonIgnore]
    public long Seed
    {
        get => Training.Seed;
        init => Training = Training with { Seed = value };
    }

    /// <summary>Stop after this many images in total; 0 = when the final stable phase ends.</summary>
    public long MaxImages { get; init; }

    /// <summary>Stop after this much training time in this process (a checkpoint is written); null = no limit.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Write a checkpoint every this many images (and always at the end).</summary>
    public long CheckpointIntervalImages { get; init; } = 50_000;

    /// <summary>Checkpoints kept, oldest deleted first; 0 = all.</summary>
    public int KeepCheckpoints { get; init; } = 3;

    /// <summary>Write a sample grid every this many images (and at the end); 0 = only at the end.</summary>
    public long SampleIntervalImages { get; init; } = 20_000;

    /// <summary>Run the evaluator every this many images; 0 = only at the end.</summary>
    public long EvaluationIntervalImages { get; init; }

    /// <summary>Append a stats line (and report progress) every this many images.</summary>
    public long StatsIntervalImages { get; init; } = 1_000;

    /// <summary>Twin-faces train images per built-in domain.</summary>
    public int BuiltinTrainCount { get; init; } = DefaultBuiltinTrainCount;

    /// <summary>Background decode workers per domain (0 = half the processors, at least 1).</summary>
    public int LoaderWorkers { get; init; }

    /// <summary>Batch size at <paramref name="resolution"/>: <see cref="BatchSizes"/> or the original schedule.</summary>
    public int BatchSizeAt(int resolution) =>
        BatchSizes.TryGetValue(resolution, out var size) ? size : GrowthSchedule.BatchSizeAt(resolution);

    /// <summary>Images after which the run completes: <see cref="MaxImages"/>, or the end of the final stable phase.</summary>
    [JsonIgnore]
    public long TargetImages => MaxImages > 0 ? MaxImages : Training.Growth.TotalImages(Model.Resolution);

    /// <summary>The data spec of <paramref name="domain"/>.</summary>
    public DomainDataSpec DataFor(string domain) =>
        Data.FirstOrDefault(d => d.Domain == domain)
        ?? throw new ArgumentException($"No data spec for domain '{domain}'.", nameof(domain));

    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (Model is null)
            throw new ArgumentException("Model options are required.", nameof(Model));
        if (Training is null)
            throw new ArgumentException("Training options are required.", nameof(Training));
        Model.Validate();
        Training.Validate();
        if (Training.Growth.StartResolution > Model.Resolution)
            throw new ArgumentException($"Growth.StartResolution {Training.Growth.StartResolution} exceeds the final resolution {Model.Resolution}.", nameof(Training));
        ValidateData();
        foreach (var (resolution, size) in BatchSizes)
        {
            if (!Resolutions.IsValid(resolution) || size < 2)
                throw new ArgumentException($"BatchSizes: {resolution} px -> {size}; resolutions are powers of two in [4, 1024] and batches hold at least 2 images (batch norm, minibatch stddev).", nameof(BatchSizes));
        }
        Positive(MaxImages >= 0, nameof(MaxImages), MaxImages, ">= 0");
        Positive(MaxDuration is null || MaxDuration > TimeSpan.Zero, nameof(MaxDuration), MaxDuration, "> 0 or null");
        Positive(CheckpointIntervalImages > 0, nameof(CheckpointIntervalImages), CheckpointIntervalImages, "> 0");
        Positive(KeepCheckpoints >= 0, nameof(KeepCheckpoints), KeepCheckpoints, ">= 0");
        Positive(SampleIntervalImages >= 0, nameof(SampleIntervalImages), SampleIntervalImages, ">= 0");
        Positive(EvaluationIntervalImages >= 0, nameof(EvaluationIntervalImages), EvaluationIntervalImages, ">= 0");
        Positive(StatsIntervalImages > 0, nameof(StatsIntervalImages), StatsIntervalImages, "> 0");
        Positive(BuiltinTrainCount > 0, nameof(BuiltinTrainCount), BuiltinTrainCount, "> 0");
        Positive(LoaderWorkers >= 0, nameof(LoaderWorkers), LoaderWorkers, ">= 0");
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException("Name must not be empty.", nameof(Name));
    }

    public string ToJson() => JsonSerializer.Serialize(this, ModelJson.Options);

    public static RunSpec FromJson(string json) =>
        JsonSerializer.Deserialize<RunSpec>(json, ModelJson.Options) ?? throw new JsonException("Run spec JSON is null.");

    private void ValidateData()
    {
        if (Data is null || Data.Count != Model.Domains.Count)
            throw new ArgumentException($"Data needs one spec per domain ({string.Join(", ", Model.Domains)}), got {Data?.Count ?? 0}.", nameof(Data));
        foreach (var spec in Data)
        {
            spec.Validate();
            if (!Model.Domains.Contains(spec.Domain))
                throw new ArgumentException($"Data spec for '{spec.Domain}' names no domain of the model ({string.Join(", ", Model.Domains)}).", nameof(Data));
        }
        if (Data.Select(d => d.Domain).Distinct(StringComparer.Ordinal).Count() != Data.Count)
            throw new ArgumentException("Data has two specs for the same domain.", nameof(Data));
    }

    private static void Positive(bool ok, string field, object? value, string rule)
    {
        if (!ok)
            throw new ArgumentException($"{field} must be {rule}, got {value}.", field);
    }
}
