using TwinGan.Evaluation.Attributes;
using TwinGan.Evaluation.Swd;
using TwinGan.Model.Inference;

namespace TwinGan.Evaluation;

/// <summary>Settings of one <see cref="EvaluationSuite"/>; the seed fixes SWD patches/directions and classifier training.</summary>
public sealed record EvaluationOptions
{
    public long Seed { get; init; }

    public SwdOptions Swd { get; init; } = new();

    public ClassifierOptions Classifier { get; init; } = new();

    /// <summary>The k of recall@k.</summary>
    public IReadOnlyList<int> RecallAt { get; init; } = [1, 5, 10];

    public IReadOnlyList<EmbeddingLayout> Layouts { get; init; } = [EmbeddingLayout.Flattened, EmbeddingLayout.Pooled];

    /// <summary>Progress messages of the slow, one-off steps (classifier training); null = silent.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Images per model call.</summary>
    public int BatchSize { get; init; } = 32;

    public void Validate()
    {
        Swd.Validate();
        Classifier.Validate();
        if (RecallAt.Count == 0 || RecallAt.Any(k => k <= 0))
            throw new ArgumentException("RecallAt needs at least one positive k.", nameof(RecallAt));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
    }
}
