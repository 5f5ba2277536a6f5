using TwinGan.Data;
using TwinGan.Data.Loading;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Evaluation;

/// <summary>
/// The two domains an evaluation runs on, at one resolution. <see cref="Paired"/> says that test image i of the
/// first domain and test image i of the second show the same subject (the twin-faces test split); only then are
/// paired L1 and twin retrieval computed. <see cref="Name"/> keys the classifier cache.
/// </summary>
public sealed class EvaluationData
{
    /// <summary>Default number of labelled training images per domain for the attribute classifiers.</summary>
    public const int DefaultClassifierTrainCount = 4000;

    public EvaluationData(string name, int resolution, DomainData first, DomainData second, bool paired)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resolution);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Name == second.Name)
            throw new ArgumentException($"The two domains must differ; both are '{first.Name}'.", nameof(second));
        (Name, Resolution, First, Second, Paired) = (name, resolution, first, second, paired);
        first.Resolution = second.Resolution = resolution;
    }

    public string Name { get; }

    public int Resolution { get; }

    public DomainData First { get; }

    public DomainData Second { get; }

    public bool Paired { get; }

    public IReadOnlyList<DomainData> Domains => [First, Second];

    /// <summary>
    /// The built-in twin-faces dataset (docs/datasets.md): test = the first <paramref name="pairedCount"/> pairs of
    /// the paired test split; reference = the next <paramref name="pairedCount"/> test latents (same distribution,
    /// disjoint); classifier training = the unpaired train split of each domain.
    /// </summary>
    public static EvaluationData TwinFaces(int resolution, int pairedCount, long seed, int classifierTrainCount = DefaultClassifierTrainCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairedCount);
        TwinFacesRenderer.ValidateSize(resolution);
        DomainData Domain(FaceDomain domain)
        {
            var split = TwinFacesSplits.TestSplit(domain, 2 * pairedCount, seed);
            return new DomainData(TwinFacesSplits.Name(domain),
                new TwinFacesSource([.. split.Take(pairedCount)], resolution),
                new TwinFacesSource([.. split.Skip(pairedCount)], resolution),
                classifierTrainCount > 0 ? new TwinFacesSource(TwinFacesSplits.TrainSplit(domain, classifierTrainCount, seed), resolution) : null);
        }
        return new EvaluationData($"twin-faces-seed{seed}", resolution, Domain(FaceDomain.Photo), Domain(FaceDomain.Anime), paired: true);
    }

    /// <summary>
    /// Folder datasets (e.g. <see cref="FileImageSource"/> over <c>ImageFolderReader</c>): no pairs, so only SWD,
    /// reconstruction and (with labels and classifier sets) attribute preservation apply.
    /// </summary>
    public static EvaluationData FromSources(string name, int resolution, DomainData first, DomainData second) =>
        new(name, resolution, first, second, paired: false);
}
