using TwinGan.Data;
using TwinGan.Data.Augmentation;
using TwinGan.Data.Loading;

namespace TwinGan.Evaluation;

/// <summary>
/// The real images of one domain the suite needs. <see cref="Test"/>: images translated out of the domain (their
/// labels are what translations must keep) and real images of the domain (classifier accuracy, SWD floor).
/// <see cref="Reference"/>: a disjoint real set of the same size, what SWD compares translations and the floor with.
/// <see cref="ClassifierTrain"/>: labelled images the domain's attribute classifier learns from. Loaded once, lazily.
/// </summary>
public sealed class DomainData
{
    private readonly Lazy<IReadOnlyList<LabelledImage>> test;
    private readonly Lazy<IReadOnlyList<LabelledImage>>? reference;
    private readonly Lazy<IReadOnlyList<LabelledImage>>? classifierTrain;
    private int resolution;

    public DomainData(string name, IImageSource test, IImageSource? reference = null, IImageSource? classifierTrain = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(test);
        Name = name;
        Schema = test.Schema;
        ClassifierTrainCount = classifierTrain?.Count ?? 0;
        this.test = Load(test);
        this.reference = reference is null ? null : Load(reference);
        this.classifierTrain = classifierTrain is null ? null : Load(classifierTrain);
    }

    public string Name { get; }

    public AttributeSchema Schema { get; }

    public int ClassifierTrainCount { get; }

    public bool HasReference => reference is not null;

    public bool HasClassifierTrain => classifierTrain is not null && Schema.Count > 0;

    /// <summary>Set once by <see cref="EvaluationData"/>: images are loaded at this size.</summary>
    internal int Resolution
    {
        get => resolution;
        set
        {
            if (resolution != 0 && resolution != value)
                throw new InvalidOperationException($"Domain '{Name}' is already used at {resolution} px; create a new DomainData for {value} px.");
            resolution = value;
        }
    }

    internal IReadOnlyList<LabelledImage> Test => test.Value;

    internal IReadOnlyList<LabelledImage> Reference => (reference ?? throw new InvalidOperationException($"Domain '{Name}' has no reference set.")).Value;

    internal IReadOnlyList<LabelledImage> ClassifierTrain => (classifierTrain ?? throw new InvalidOperationException($"Domain '{Name}' has no classifier training set.")).Value;

    /// <summary>
    /// Decodes every image of a source in parallel, in index order, centre-cropped to the evaluation resolution
    /// when its size differs. Undecodable images are dropped (the source counts them), as in training.
    /// </summary>
    private Lazy<IReadOnlyList<LabelledImage>> Load(IImageSource source) => new(() =>
    {
        var crop = new CenterCrop(Resolution);
        var loaded = new LabelledImage?[source.Count];
        Parallel.For(0, source.Count, i =>
        {
            var item = source.TryLoad(i);
            if (item is null)
                return;
            var image = item.Image.Width == Resolution && item.Image.Height == Resolution ? item.Image : crop.Apply(item.Image, new Rng(0));
            loaded[i] = new LabelledImage(image, item.Labels);
        });
        return [.. loaded.OfType<LabelledImage>()];
    });
}
