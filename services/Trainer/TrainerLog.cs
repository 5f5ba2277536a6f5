namespace TwinGan.Trainer;

/// <summary>Log events of the Trainer service (event ids 7000-7099).</summary>
internal static partial class TrainerLog
{
    [LoggerMessage(7001, LogLevel.Information, "Job {JobId} queued for model {Model}")]
    public static partial void JobQueued(ILogger logger, string jobId, string model);

    [LoggerMessage(7002, LogLevel.Information, "Job {JobId} started on worker {Worker} (attempt {Attempt}, resuming from {Checkpoint})")]
    public static partial void JobStarted(ILogger logger, string jobId, string worker, int attempt, string checkpoint);

    [LoggerMessage(7003, LogLevel.Information, "Job {JobId} ended {State} after {ImagesSeen} images")]
    public static partial void JobEnded(ILogger logger, string jobId, string state, long imagesSeen);

    [LoggerMessage(7004, LogLevel.Error, "Job {JobId} failed: {Message}")]
    public static partial void JobFailed(ILogger logger, string jobId, string message, Exception exception);

    [LoggerMessage(7005, LogLevel.Information, "Cancel requested for job {JobId}; it is now {State}")]
    public static partial void JobCancelRequested(ILogger logger, string jobId, string state);

    [LoggerMessage(7006, LogLevel.Warning, "Job {JobId}: worker {Worker} lost its lease; the job is now {State}")]
    public static partial void LeaseExpired(ILogger logger, string jobId, string worker, string state);

    [LoggerMessage(7007, LogLevel.Warning, "Job {JobId} was taken over by another replica; this worker stops without writing its outcome")]
    public static partial void JobLost(ILogger logger, string jobId);

    [LoggerMessage(7008, LogLevel.Warning, "Job storage unavailable ({Reason}); retrying")]
    public static partial void StoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(7009, LogLevel.Information, "Trainer worker {Worker} takes up to {Slots} job(s) at a time from {Store}; run directories under {RunRoot}")]
    public static partial void WorkerStarted(ILogger logger, string worker, int slots, string store, string runRoot);

    [LoggerMessage(7010, LogLevel.Information, "Published {Model}/{Version} from job {JobId} checkpoint {Checkpoint} (current: {Current})")]
    public static partial void Published(ILogger logger, string model, string version, string jobId, string checkpoint, bool current);

    [LoggerMessage(7011, LogLevel.Information, "Model {Model}: current version set to {Version}")]
    public static partial void CurrentVersionSet(ILogger logger, string model, string version);

    [LoggerMessage(7012, LogLevel.Error, "The worker loop failed; retrying")]
    public static partial void WorkerLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(7013, LogLevel.Warning, "Job {JobId}: writing its events failed; retrying")]
    public static partial void EventWriteFailed(ILogger logger, string jobId, Exception exception);
}
