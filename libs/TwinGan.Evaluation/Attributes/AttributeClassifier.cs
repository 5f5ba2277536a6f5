using System.Text.Json;
using TorchSharp;
using TwinGan.Data;
using TwinGan.Data.Imaging;
using static TorchSharp.torch;
using ModelImage = TwinGan.Model.Imaging.RgbImage;

namespace TwinGan.Evaluation.Attributes;

/// <summary>
/// Multi-head attribute classifier of one domain (DTN protocol, Taigman et al. 2017, section 5): trained on the
/// domain's labelled real images, then asked to recognise the source's attributes in translations into that domain.
/// One head per schema attribute that has labels in the training set; -1 labels are masked out of the loss.
/// </summary>
public sealed class AttributeClassifier : IDisposable
{
    private const string WeightsFile = "classifier.pt";
    private const string HeadsFile = "classifier.json";
    private readonly AttributeNet net;

    private AttributeClassifier(AttributeNet net, int resolution)
    {
        (this.net, Resolution) = (net, resolution);
        net.eval();
    }

    public int Resolution { get; }

    public IReadOnlyList<AttributeHead> Heads => net.Heads;

    /// <summary>Trains a classifier; weights are drawn from <paramref name="seed"/> without disturbing torch's global generator.</summary>
    public static AttributeClassifier Train(IReadOnlyList<LabelledImage> images, AttributeSchema schema, int resolution,
        ClassifierOptions options, long seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var heads = schema.Attributes
            .Select((a, i) => (a, i))
            .Where(p => images.Any(image => image.Labels[p.i] >= 0))
            .Select(p => new AttributeHead(p.a.Name, p.a.Classes.Count))
            .ToList();
        if (heads.Count == 0)
            throw new ArgumentException("No image has a label: there is nothing to classify.", nameof(images));
        var net = Seeded(seed, () => new AttributeNet(resolution, heads));
        var classifier = new AttributeClassifier(net, resolution);
        classifier.Fit(images, schema, options, seed, cancellationToken);
        return classifier;
    }

    /// <summary>Predicted class per head, [image][head].</summary>
    public int[][] Predict(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var predictions = new List<int[]>(images.Count);
        using var mode = inference_mode();
        foreach (var chunk in images.Chunk(256))
        {
            using var scope = NewDisposeScope();
            var logits = net.call(Batch(chunk));
            var classes = stack([.. Enumerable.Range(0, Heads.Count).Select(h => net.HeadLogits(logits, h).argmax(1))], 1);
            var flat = classes.to_type(ScalarType.Int32).contiguous().data<int>().ToArray();
            for (var i = 0; i < chunk.Length; i++)
                predictions.Add(flat[(i * Heads.Count)..((i + 1) * Heads.Count)]);
        }
        return [.. predictions];
    }

    /// <summary>
    /// Accuracy per head against <paramref name="labels"/> (schema order of <paramref name="schema"/>); attributes the
    /// labels mark not applicable are skipped per image, and heads with no applicable image are left out.
    /// </summary>
    public IReadOnlyDictionary<string, double> Accuracy(IReadOnlyList<RgbImage> images, IReadOnlyList<IReadOnlyList<int>> labels, AttributeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(schema);
        if (labels.Count != images.Count)
            throw new ArgumentException($"{images.Count} images but {labels.Count} label vectors.", nameof(labels));
        var predictions = Predict(images);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var h = 0; h < Heads.Count; h++)
        {
            var attribute = schema.IndexOf(Heads[h].Name);
            if (attribute < 0)
                continue;
            var (correct, total) = (0, 0);
            for (var i = 0; i < images.Count; i++)
            {
                var truth = labels[i][attribute];
                if (truth < 0)
                    continue;
                total++;
                correct += predictions[i][h] == truth ? 1 : 0;
            }
            if (total > 0)
                result[Heads[h].Name] = (double)correct / total;
        }
        return result;
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        net.save(Path.Combine(directory, WeightsFile));
        File.WriteAllText(Path.Combine(directory, HeadsFile), JsonSerializer.Serialize(new SavedHeads(Resolution, [.. Heads])));
    }

    /// <summary>Loads a saved classifier; null when the directory does not hold a complete one.</summary>
    public static AttributeClassifier? TryLoad(string directory)
    {
        var (weights, headsPath) = (Path.Combine(directory, WeightsFile), Path.Combine(directory, HeadsFile));
        if (!File.Exists(weights) || !File.Exists(headsPath))
            return null;
        var saved = JsonSerializer.Deserialize<SavedHeads>(File.ReadAllText(headsPath))
            ?? throw new InvalidDataException($"{headsPath} is empty.");
        var net = new AttributeNet(saved.Resolution, saved.Heads);
        net.load(weights, strict: true);
        return new AttributeClassifier(net, saved.Resolution);
    }

    public void Dispose() => net.Dispose();

    private void Fit(IReadOnlyList<LabelledImage> images, AttributeSchema schema, ClassifierOptions options, long seed, CancellationToken cancellationToken)
    {
        var columns = Heads.Select(h => schema.IndexOf(h.Name)).ToArray();
        using var optimizer = optim.Adam(net.parameters(), options.LearningRate);
        net.train();
        try
        {
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                var order = Rng.For(seed, "attribute-classifier/epoch", epoch).Permutation(images.Count);
                foreach (var chunk in order.Chunk(options.BatchSize))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // BatchNorm needs more than one value per channel in training mode.
                    if (chunk.Length < 2)
                        continue;
                    using var scope = NewDisposeScope();
                    var batch = chunk.Select(i => images[i]).ToList();
                    var targets = tensor(batch.SelectMany(b => columns.Select(c => (long)b.Labels[c])).ToArray(), [batch.Count, columns.Length]);
                    var loss = Loss(net.call(Batch([.. batch.Select(b => b.Image)])), targets);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }
        }
        finally
        {
            net.eval();
        }
    }

    /// <summary>
    /// Mean over heads of the cross-entropy over images whose label for that head applies (not -1). Scalars are
    /// explicit and disposed at the end: an implicitly converted temporary can be finalised by the GC while the
    /// native call still reads it (TorchSharp 0.107 in Release builds: "Unknown scalar type").
    /// </summary>
    private Tensor Loss(Tensor logits, Tensor targets)
    {
        using var zero = 0.ToScalar();
        using var one = 1.ToScalar();
        using var heads = Heads.Count.ToScalar();
        var total = zeros(1);
        for (var h = 0; h < Heads.Count; h++)
        {
            var target = targets.select(1, h);
            var mask = target.ge(zero).to_type(ScalarType.Float32);
            var perImage = nn.functional.cross_entropy(net.HeadLogits(logits, h), target.clamp_min(zero), reduction: nn.Reduction.None);
            total += (perImage * mask).sum() / mask.sum().clamp_min(one);
        }
        return total.div(heads);
    }

    private Tensor Batch(IReadOnlyList<RgbImage> images)
    {
        var wrong = images.FirstOrDefault(i => i.Width != Resolution || i.Height != Resolution);
        if (wrong is not null)
            throw new ArgumentException($"The classifier takes {Resolution}x{Resolution} images, got {wrong.Width}x{wrong.Height}.", nameof(images));
        return ModelImage.ToBatch([.. images.Select(InferenceTwinModel.ToModel)]);
    }

    /// <summary>Builds with torch's global generator seeded, then restores it, so a training run in the same process keeps its random stream.</summary>
    private static T Seeded<T>(long seed, Func<T> create)
    {
        using var state = get_rng_state();
        try
        {
            manual_seed(seed);
            return create();
        }
        finally
        {
            set_rng_state(state);
        }
    }

    private sealed record SavedHeads(int Resolution, List<AttributeHead> Heads);
}
