using TwinGan.Data.Loading;
using TwinGan.Data.TwinFaces;
using TwinGan.Evaluation;
using TwinGan.Model.Inference;
using TwinGan.Training;

namespace TwinGan.Trainer.Workers;

/// <summary>
/// The evaluation suite as the run's evaluator for jobs on the built-in twin-faces dataset: the paired test split (under
/// the job's own domain names) scores SWD, attribute preservation, paired L1, retrieval and reconstruction.
/// </summary>
internal sealed class TwinFacesEvaluator(EvaluationSuite suite) : IRunEvaluator, IDisposable
{
    public IReadOnlyDictionary<string, double> Evaluate(TwinGanInference model, CancellationToken ct) => suite.Evaluate(model, ct);

    public void Dispose() => suite.Dispose();

    /// <summary>An evaluator when both domains are built-in twin-faces domains (one photo, one anime); otherwise null.</summary>
    public static TwinFacesEvaluator? For(RunSpec spec, int pairedCount, int classifierTrainCount)
    {
        var photo = spec.Data.FirstOrDefault(d => d.Builtin == DomainDataSpec.TwinFacesPhoto);
        var anime = spec.Data.FirstOrDefault(d => d.Builtin == DomainDataSpec.TwinFacesAnime);
        if (photo is null || anime is null) return null;
        DomainData Domain(string name, FaceDomain domain)
        {
            var split = TwinFacesSplits.TestSplit(domain, 2 * pairedCount, spec.Seed);
            return new DomainData(name,
                new TwinFacesSource([.. split.Take(pairedCount)], spec.Model.Resolution),
                new TwinFacesSource([.. split.Skip(pairedCount)], spec.Model.Resolution),
                classifierTrainCount > 0 ? new TwinFacesSource(TwinFacesSplits.TrainSplit(domain, classifierTrainCount, spec.Seed), spec.Model.Resolution) : null);
        }
        var data = new EvaluationData($"twin-faces-seed{spec.Seed}", spec.Model.Resolution,
            Domain(photo.Domain, FaceDomain.Photo), Domain(anime.Domain, FaceDomain.Anime), paired: true);
        return new TwinFacesEvaluator(new EvaluationSuite(data, new EvaluationOptions { Seed = spec.Seed }));
    }
}
