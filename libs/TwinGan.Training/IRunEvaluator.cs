using TwinGan.Model.Inference;

namespace TwinGan.Training;

/// <summary>
/// Scores the current EMA model every <see cref="RunSpec.EvaluationIntervalImages"/> images and at the end. Hosts
/// pass one in (the evaluation library lives elsewhere; this library does not reference it). Called on the training
/// thread; the model is only valid during the call.
/// </summary>
public interface IRunEvaluator
{
    IReadOnlyDictionary<string, double> Evaluate(TwinGanInference model, CancellationToken ct);
}
