using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Trainer.Storage;

/// <summary>
/// A job as stored: the public <see cref="Job"/> plus what only the Trainer needs. <see cref="Version"/> changes with
/// every write (optimistic concurrency); <see cref="LastSequence"/> is the sequence of the job's newest event.
/// </summary>
/// <param name="Fingerprint">Digest of the StartJob request (without request_id), for request_id idempotency.</param>
/// <param name="LeaseUntil">Until when the worker running it holds it (Unix ms); 0 when not running.</param>
/// <param name="ResumeCheckpoint">Checkpoint the next attempt resumes from; empty: the latest.</param>
internal sealed record StoredJob(Job Job, long Version, long LastSequence, long LeaseUntil, string Fingerprint, string ResumeCheckpoint);

/// <summary>
/// A change to a job: its new state, the events that describe the change (the store numbers them), and whether the job
/// goes (back) into the queue.
/// </summary>
internal sealed record JobUpdate(Job Job, IReadOnlyList<JobEvent> Events, long LeaseUntil = 0, bool Enqueue = false, string ResumeCheckpoint = "");

/// <summary>A job taken from the queue; <see cref="Token"/> acknowledges it.</summary>
internal sealed record QueueItem(string JobId, string Token);

/// <summary>Publish bookkeeping: the version a request_id created, and what each published version came from.</summary>
internal sealed record PublishRecord(string ModelName, string Version, string JobId, string CheckpointId, string Description,
    long PublishTimeMs, string Fingerprint);

/// <summary>
/// Jobs, their event logs and the job queue. <see cref="FileJobStore"/> (embedded default, one process) and
/// <see cref="RedisJobStore"/> (several Trainer processes share one queue; any replica answers about any job).
/// Provider failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
internal interface IJobStore
{
    /// <summary>Human-readable location for messages.</summary>
    string Description { get; }

    /// <summary>
    /// Creates a queued job with its first event, or returns the job an earlier request with the same request_id
    /// created (Created = false; the caller compares fingerprints).
    /// </summary>
    Task<(StoredJob Job, bool Created)> CreateAsync(Job job, string fingerprint, JobEvent firstEvent, CancellationToken cancellationToken);

    Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Every job, newest first.</summary>
    Task<IReadOnlyList<Job>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Jobs in RUNNING or CANCELLING state (the ones leases apply to).</summary>
    Task<IReadOnlyList<StoredJob>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current job atomically, retrying when another writer got there first.
    /// A null change writes nothing. Returns the job after the change (null for an unknown job).
    /// </summary>
    Task<StoredJob?> UpdateAsync(string jobId, Func<StoredJob, JobUpdate?> change, CancellationToken cancellationToken);

    /// <summary>Retained events with a sequence above <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>Returns when the job may have new events, or after <paramref name="timeout"/>.</summary>
    Task WaitForEventsAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The next queued job for <paramref name="workerId"/>, or null. Acknowledge with <see cref="AckAsync"/>.</summary>
    Task<QueueItem?> DequeueAsync(string workerId, CancellationToken cancellationToken);

    Task AckAsync(QueueItem item, CancellationToken cancellationToken);

    /// <summary>Returns when a job may have been queued, or after <paramref name="timeout"/>.</summary>
    Task WaitForQueueAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Checkpoint records (metrics, published versions) by checkpoint id.</summary>
    Task<IReadOnlyDictionary<string, Contracts.Trainer.V1.Checkpoint>> GetCheckpointsAsync(string jobId, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(string jobId, Contracts.Trainer.V1.Checkpoint checkpoint, CancellationToken cancellationToken);

    Task<PublishRecord?> GetPublishRequestAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>Records what a published version came from (and, with a request id, that the request created it).</summary>
    Task SavePublishAsync(PublishRecord record, string requestId, CancellationToken cancellationToken);

    /// <summary>Publish records of <paramref name="modelName"/> by version.</summary>
    Task<IReadOnlyDictionary<string, PublishRecord>> GetPublishesAsync(string modelName, CancellationToken cancellationToken);
}
