using Microsoft.Extensions.Options;

namespace TwinGan.Trainer.Options;

/// <summary>Refuses option values that cannot work, at start rather than at the first job.</summary>
internal sealed class TrainerOptionsValidator : IValidateOptions<TrainerOptions>
{
    public ValidateOptionsResult Validate(string? name, TrainerOptions options)
    {
        var errors = new List<string>();
        if (options.MaxConcurrentJobs is < 0 or > 64) errors.Add("Trainer:MaxConcurrentJobs must be 0..64.");
        if (options.MaxResolution < 8 || options.MaxResolution > 1024 || (options.MaxResolution & (options.MaxResolution - 1)) != 0)
            errors.Add("Trainer:MaxResolution must be a power of two in 8..1024.");
        if (options.MaxSampleGridBytes < 1024) errors.Add("Trainer:MaxSampleGridBytes must be >= 1024.");
        if (options.CheckpointIntervalImages < 1) errors.Add("Trainer:CheckpointIntervalImages must be >= 1.");
        if (options.SampleIntervalImages < 0) errors.Add("Trainer:SampleIntervalImages must be >= 0.");
        if (options.EventRetention <= TimeSpan.Zero) errors.Add("Trainer:EventRetention must be positive.");
        if (options.HeartbeatInterval <= TimeSpan.Zero) errors.Add("Trainer:HeartbeatInterval must be positive.");
        if (options.LeaseDuration < options.HeartbeatInterval * 2)
            errors.Add("Trainer:LeaseDuration must be at least twice Trainer:HeartbeatInterval, or a slow heartbeat would interrupt healthy jobs.");
        if (options.EvaluationPairedImages is < 10 or > 100_000) errors.Add("Trainer:EvaluationPairedImages must be 10..100000.");
        if (options.EvaluationClassifierImages is < 0 or > 1_000_000) errors.Add("Trainer:EvaluationClassifierImages must be 0..1000000.");
        if (options.TorchThreads is < 0 or > 256) errors.Add("Trainer:TorchThreads must be 0..256.");
        if (options.QueuePollInterval <= TimeSpan.Zero) errors.Add("Trainer:QueuePollInterval must be positive.");
        if (options.ProgressInterval < TimeSpan.Zero) errors.Add("Trainer:ProgressInterval must not be negative.");
        for (var i = 0; i < options.AllowedDatasetRoots.Count; i++)
        {
            var root = options.AllowedDatasetRoots[i];
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
                errors.Add($"Trainer:AllowedDatasetRoots:{i} '{root}' must be an absolute path.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
