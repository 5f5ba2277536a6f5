using TwinGan.Evaluation;
using TwinGan.Model.Bundles;
using TwinGan.Model.Inference;
using TwinGan.Model.Options;
using TwinGan.Training;

namespace TwinGan.Benchmarks.Quality;

/// <summary>Trains one variant on the built-in twin-faces train splits for the time budget and exports its EMA model.</summary>
internal static class QualityRun
{
    public static readonly string[] Domains = ["photo", "anime"];

    public static RunSpec Spec(QualityArgs args, string variant)
    {
        var model = ModelOptions.TwinGan(Domains, args.Resolution, args.ChannelPlan);
        if (variant == "ablation")
            model = model.AsAblationBaseline();
        var training = TrainingOptions.Default with
        {
            EmaBeta = args.EmaBeta,
            EmaRampup = args.EmaRampup,
            Weights = args.Weights,
            Adam = TrainingOptions.Default.Adam with { LearningRate = args.LearningRate },
            Growth = new GrowthSchedule(args.StartResolution, args.ImagesPerPhase),
        };
        return new RunSpec(model, training,
            [DomainDataSpec.ForBuiltin("photo", DomainDataSpec.TwinFacesPhoto), DomainDataSpec.ForBuiltin("anime", DomainDataSpec.TwinFacesAnime)])
        {
            Name = $"quality-{variant}",
            Seed = args.Seed,
            // The time budget ends the run; the image target only has to lie beyond it.
            MaxImages = 1_000_000_000,
            MaxDuration = TimeSpan.FromMinutes(args.Minutes),
            CheckpointIntervalImages = 1_000_000_000,
            SampleIntervalImages = 0,
            StatsIntervalImages = 200,
            EvaluationIntervalImages = args.EvaluateEvery,
            LoaderWorkers = 1,
        };
    }

    /// <summary>Runs training and returns the exported bundle directory and how the run ended.</summary>
    public static async Task<(string Bundle, RunResult Result)> TrainAsync(QualityArgs args, string variant, string root, IRunEvaluator? evaluator, CancellationToken ct)
    {
        var run = TrainingRun.Create(Path.Combine(root, variant), Spec(args, variant));
        var result = await run.RunAsync(new ConsoleObserver(variant), evaluator, ct).ConfigureAwait(false);
        var checkpoint = result.LatestCheckpoint ?? throw new InvalidOperationException($"{variant}: the run ended without a checkpoint.");
        var bundle = Path.Combine(root, variant + "-bundle");
        TrainingRun.ExportModel(checkpoint.Directory, bundle, new BundleInfo($"quality-{variant}", "1"));
        return (bundle, result);
    }
}

/// <summary>The one-line adapter of the evaluation suite to the training library's evaluator interface.</summary>
internal sealed class SuiteEvaluator(EvaluationSuite suite) : IRunEvaluator
{
    public IReadOnlyDictionary<string, double> Evaluate(TwinGanInference model, CancellationToken ct) => suite.Evaluate(model, ct);
}
