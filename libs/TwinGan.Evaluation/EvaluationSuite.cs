using System.Diagnostics;
using TwinGan.Data.Imaging;
using TwinGan.Evaluation.Attributes;
using TwinGan.Evaluation.Paired;
using TwinGan.Evaluation.Reporting;
using TwinGan.Evaluation.Swd;
using TwinGan.Model.Inference;

namespace TwinGan.Evaluation;

/// <summary>
/// Runs every metric of docs/evaluation.md that the data allows against an <see cref="ITwinModel"/>: SWD of
/// translations and its real-vs-real floor, DTN attribute preservation (with the classifiers' accuracy on real
/// images), paired L1 and twin retrieval (paired data only), reconstruction L1. Model-independent work — loading
/// images, SWD reference descriptors and floors, classifiers and their real accuracy — is done once per suite, so
/// periodic evaluation during training pays only for the model's part. One evaluation at a time (calls serialise).
/// </summary>
public sealed class EvaluationSuite : IDisposable
{
    private const string CandidateStream = "candidate";
    private const string ReferenceStream = "reference";
    private readonly EvaluationData data;
    private readonly EvaluationOptions options;
    private readonly SlicedWasserstein swd;
    private readonly ClassifierCache classifiers;
    private readonly Dictionary<string, (SwdDescriptors Reference, SwdResult Floor)> swdBaselines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, double>> realAccuracy = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public EvaluationSuite(EvaluationData data, EvaluationOptions? options = null)
    {
        this.data = data ?? throw new ArgumentNullException(nameof(data));
        this.options = options ?? new EvaluationOptions();
        this.options.Validate();
        swd = new SlicedWasserstein(this.options.Swd, this.options.Seed);
        classifiers = new ClassifierCache(data, this.options.Classifier, this.options.Seed, this.options.Log);
    }

    public EvaluationData Data => data;

    /// <summary>The shape of TwinGan.Training.IRunEvaluator, so the training host needs a one-line adapter.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(TwinGanInference model, CancellationToken ct) =>
        Run(new InferenceTwinModel(model, options.BatchSize), ct).Metrics;

    public EvaluationReport Run(ITwinModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        Check(model);
        lock (gate)
        {
            var clock = Stopwatch.StartNew();
            var metrics = new List<KeyValuePair<string, double>>();
            var (a, b) = (data.First, data.Second);
            var translated = new Dictionary<(string, string), IReadOnlyList<RgbImage>>();
            foreach (var (from, to) in new[] { (a, b), (b, a), (a, a), (b, b) })
            {
                cancellationToken.ThrowIfCancellationRequested();
                translated[(from.Name, to.Name)] = model.Translate(Images(from.Test), from.Name, to.Name);
            }
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                cancellationToken.ThrowIfCancellationRequested();
                SwdMetrics(metrics, from, to, translated[(from.Name, to.Name)]);
                AttributeMetrics(metrics, from, to, translated[(from.Name, to.Name)], cancellationToken);
                if (data.Paired)
                    metrics.Add(new(MetricNames.PairedL1(from.Name, to.Name), PairedMetrics.L1(translated[(from.Name, to.Name)], Images(to.Test))));
            }
            if (data.Paired)
                RetrievalMetrics(metrics, model, a, b, cancellationToken);
            foreach (var domain in data.Domains)
                metrics.Add(new(MetricNames.ReconstructionL1(domain.Name), PairedMetrics.L1(translated[(domain.Name, domain.Name)], Images(domain.Test))));
            return new EvaluationReport(data.Name, data.Resolution, metrics, clock.Elapsed);
        }
    }

    public void Dispose() => classifiers.Dispose();

    private void Check(ITwinModel model)
    {
        if (model.Resolution != data.Resolution)
            throw new ArgumentException($"The model works at {model.Resolution} px but the evaluation data is {data.Resolution} px.", nameof(model));
        var missing = data.Domains.Select(d => d.Name).Where(d => !model.Domains.Contains(d)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"The model's domains ({string.Join(", ", model.Domains)}) lack {string.Join(", ", missing)}.", nameof(model));
        if (data.Paired && data.First.Test.Count != data.Second.Test.Count)
            throw new InvalidOperationException($"Paired data needs equally many test images per domain; {data.First.Name} has {data.First.Test.Count}, {data.Second.Name} {data.Second.Test.Count}.");
    }

    /// <summary>SWD(translations into <paramref name="to"/>, reference set of <paramref name="to"/>) and the floor SWD(real test set, reference set).</summary>
    private void SwdMetrics(List<KeyValuePair<string, double>> metrics, DomainData from, DomainData to, IReadOnlyList<RgbImage> translations)
    {
        if (!to.HasReference || data.Resolution < options.Swd.MinResolution)
            return;
        var (reference, floor) = SwdBaseline(to);
        var count = Math.Min(translations.Count, to.Reference.Count);
        var result = swd.Distance(swd.Describe(PlanarImages.FromImages([.. translations.Take(count)]), CandidateStream), reference);
        metrics.Add(new(MetricNames.Swd(from.Name, to.Name), result.Average));
        for (var level = 0; level < result.LevelSizes.Count; level++)
            metrics.Add(new(MetricNames.SwdLevel(from.Name, to.Name, result.LevelSizes[level]), result.PerLevel[level]));
        metrics.Add(new(MetricNames.SwdFloor(to.Name), floor.Average));
        for (var level = 0; level < floor.LevelSizes.Count; level++)
            metrics.Add(new(MetricNames.SwdFloorLevel(to.Name, floor.LevelSizes[level]), floor.PerLevel[level]));
    }

    /// <summary>
    /// The reference descriptors of a domain and the real-vs-real floor. Real test images are described with the
    /// same patch stream as translations, so a translator that returned the true counterparts would score the floor.
    /// </summary>
    private (SwdDescriptors Reference, SwdResult Floor) SwdBaseline(DomainData domain)
    {
        if (swdBaselines.TryGetValue(domain.Name, out var cached))
            return cached;
        var count = Math.Min(domain.Test.Count, domain.Reference.Count);
        var reference = swd.Describe(PlanarImages.FromImages([.. Images(domain.Reference).Take(count)]), ReferenceStream);
        var real = swd.Describe(PlanarImages.FromImages([.. Images(domain.Test).Take(count)]), CandidateStream);
        return swdBaselines[domain.Name] = (reference, swd.Distance(real, reference));
    }

    /// <summary>DTN protocol: the target's classifier on translations, scored against the source images' labels.</summary>
    private void AttributeMetrics(List<KeyValuePair<string, double>> metrics, DomainData from, DomainData to, IReadOnlyList<RgbImage> translations, CancellationToken cancellationToken)
    {
        if (!to.HasClassifierTrain || from.Schema.Count == 0)
            return;
        var classifier = classifiers.Get(to, cancellationToken);
        if (!realAccuracy.TryGetValue(to.Name, out var real))
            real = realAccuracy[to.Name] = classifier.Accuracy(Images(to.Test), Labels(to.Test), to.Schema);
        metrics.AddRange(real.Select(r => KeyValuePair.Create(MetricNames.RealAttributeAccuracy(to.Name, r.Key), r.Value)));
        var accuracy = classifier.Accuracy(translations, Labels(from.Test), from.Schema);
        metrics.AddRange(accuracy.Select(r => KeyValuePair.Create(MetricNames.AttributeAccuracy(from.Name, to.Name, r.Key), r.Value)));
        if (accuracy.Count > 0)
            metrics.Add(new(MetricNames.AttributeAccuracyMean(from.Name, to.Name), accuracy.Values.Average()));
    }

    /// <summary>Each image embedded in its own domain; queries of one domain against all images of the other, by cosine.</summary>
    private void RetrievalMetrics(List<KeyValuePair<string, double>> metrics, ITwinModel model, DomainData a, DomainData b, CancellationToken cancellationToken)
    {
        foreach (var layout in options.Layouts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ea = model.Embed(Images(a.Test), a.Name, layout);
            var eb = model.Embed(Images(b.Test), b.Name, layout);
            foreach (var (from, to, queries, gallery) in new[] { (a, b, ea, eb), (b, a, eb, ea) })
            {
                var recalls = PairedMetrics.RecallAtK(queries, gallery, options.RecallAt);
                for (var i = 0; i < recalls.Count; i++)
                    metrics.Add(new(MetricNames.Recall(options.RecallAt[i], layout, from.Name, to.Name), recalls[i]));
            }
        }
    }

    private static List<RgbImage> Images(IReadOnlyList<LabelledImage> items) => [.. items.Select(i => i.Image)];

    private static List<IReadOnlyList<int>> Labels(IReadOnlyList<LabelledImage> items) => [.. items.Select(i => i.Labels)];
}
