using System.Diagnostics;
using TwinGan.Benchmarks.Quality;
using TwinGan.Evaluation;
using TwinGan.Evaluation.Reporting;
using TwinGan.Model.Inference;
using static TorchSharp.torch;

// Issue 4 quality bar: train TwinGAN and the ablation (no UNet skips, shared norm) at 32 px on twin-faces for a time
// budget each, then evaluate both on the paired test split and print the full table (docs/evaluation.md).
var settings = QualityArgs.Parse(args);
set_num_threads(settings.Threads);
TwinGan.Model.NativeAllocator.Configure();
var root = Path.GetFullPath(Path.Combine(settings.Output, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)));
Console.WriteLine($"quality benchmark: {settings.Describe()}, seed {settings.Seed}, variants {string.Join(",", settings.Variants)} -> {root}");
Console.WriteLine($"threads={get_num_threads()} cpu={Environment.ProcessorCount} phase images={settings.ImagesPerPhase}");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var data = EvaluationData.TwinFaces(settings.Resolution, settings.Pairs, settings.Seed, settings.ClassifierTrainCount);
var options = new EvaluationOptions
{
    Seed = settings.Seed,
    Classifier = new() { CacheDirectory = Path.GetFullPath(Path.Combine(settings.Output, "classifiers")) },
    Log = message => Console.WriteLine($"[evaluation] {message}"),
};
using var suite = new EvaluationSuite(data, options);
var reports = new List<NamedReport>();
foreach (var variant in settings.Variants)
{
    var (bundle, result) = await QualityRun.TrainAsync(settings, variant, root, settings.EvaluateEvery > 0 ? new SuiteEvaluator(suite) : null, cancel.Token);
    Console.WriteLine($"[{variant}] {result.Outcome} at {result.State.ImagesSeen} images ({result.State.Resolution} px, {result.State.Phase}), step {result.State.Steps}; bundle {bundle}");
    var clock = Stopwatch.StartNew();
    using var inference = TwinGanInference.Load(bundle);
    var report = suite.Run(new InferenceTwinModel(inference), cancel.Token);
    Console.WriteLine($"[{variant}] evaluated in {clock.Elapsed.TotalSeconds:F0} s");
    reports.Add(new NamedReport(variant == "twingan" ? "TwinGAN" : "ablation", report));
}

var table = EvaluationReport.ToMarkdownTable(reports);
var bar = QualityBar.ToMarkdown(reports[0].Report, reports.Count > 1 ? reports[1].Report : null);
var markdown = $"## Quality benchmark ({settings.Describe()})\n\n{bar}\n{table}";
Console.WriteLine();
Console.WriteLine(markdown);
File.WriteAllText(Path.Combine(root, "results.md"), markdown);
File.WriteAllText(Path.Combine(root, "results.html"), EvaluationReport.ToHtmlTable(reports));
foreach (var (name, report) in reports)
    File.WriteAllText(Path.Combine(root, $"evaluation-{name}.json"), report.ToJson());
