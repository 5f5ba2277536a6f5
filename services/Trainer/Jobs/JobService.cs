using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.Trainer.Grpc;
using TwinGan.Trainer.Options;
using TwinGan.Trainer.Storage;

namespace TwinGan.Trainer.Jobs;

/// <summary>
/// The job use cases behind the gRPC adapter: start (validated, idempotent through request_id), get, list, cancel,
/// resume, list checkpoints. State changes go through <see cref="IJobStore.UpdateAsync"/>, so concurrent calls on any
/// replica see one order of events.
/// </summary>
internal sealed partial class JobService(
    IJobStore store, JobConfigMapper mapper, RunDirectories runs, IOptions<LimitsOptions> limits, ILogger<JobService> logger)
{
    private const int MaxDisplayName = 128;
    private const int MaxLabels = 32;
    private const int MaxLabelLength = 64;

    public async Task<Job> StartJobAsync(StartJobRequest request, CancellationToken cancellationToken)
    {
        var invalid = new List<Violation>();
        var preconditions = new List<Violation>();
        if (request.RequestId.Length > 0 && !Names.IsKey(request.RequestId))
            invalid.Add(new("request_id", "1..128 characters of [A-Za-z0-9._-] (a UUID)", "INVALID_ID"));
        if (request.DisplayName.Length > MaxDisplayName)
            invalid.Add(new("display_name", $"at most {MaxDisplayName} characters", "OUT_OF_RANGE"));
        if (request.Labels.Count > MaxLabels) invalid.Add(new("labels", $"at most {MaxLabels} entries", "OUT_OF_RANGE"));
        foreach (var (key, value) in request.Labels)
        {
            if (key.Length is 0 or > MaxLabelLength || value.Length > MaxLabelLength)
                invalid.Add(new($"labels[{key}]", $"keys 1..{MaxLabelLength} and values up to {MaxLabelLength} characters", "OUT_OF_RANGE"));
        }
        var spec = mapper.Map(request.Config, invalid, preconditions);
        RequestRejectedException.ThrowIfAny(invalid, preconditions);

        var now = Timestamp.FromDateTime(DateTime.UtcNow);
        var job = new Job
        {
            Id = NewJobId(),
            DisplayName = request.DisplayName,
            State = JobState.Queued,
            Config = request.Config,
            Progress = new JobProgress { TotalImages = spec.TargetImages, Resolution = spec.Training.Growth.StartResolution, Phase = TrainingPhase.Stable, Alpha = 1 },
            CreateTime = now,
            UpdateTime = now,
            Labels = { request.Labels },
            RequestId = request.RequestId,
        };
        var fingerprint = Fingerprint.Of(request);
        var first = new JobEvent { StateChange = new StateChangeEvent { ToState = JobState.Queued, Reason = "queued" } };
        var (stored, created) = await store.CreateAsync(job, fingerprint, first, cancellationToken);
        if (!created && stored.Fingerprint != fingerprint)
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"request_id '{request.RequestId}' already created job {stored.Job.Id} with a different request; use a new request_id"));
        if (created) TrainerLog.JobQueued(logger, job.Id, job.Config.ModelName);
        return stored.Job;
    }

    public async Task<Job> GetJobAsync(string jobId, CancellationToken cancellationToken) => (await GetStoredAsync(jobId, cancellationToken)).Job;

    public async Task<StoredJob> GetStoredAsync(string jobId, CancellationToken cancellationToken)
    {
        RequireId(jobId, "job_id");
        var stored = await store.GetAsync(jobId, cancellationToken);
        if (stored is null) RpcErrors.ThrowNotFound($"no job has the id '{jobId}'");
        return stored;
    }

    public async Task<ListJobsResponse> ListJobsAsync(ListJobsRequest request, CancellationToken cancellationToken)
    {
        var invalid = new List<Violation>();
        var size = PageTokens.Size(request.PageSize, limits.Value.MaxPageSize, invalid);
        for (var i = 0; i < request.States.Count; i++)
        {
            if (request.States[i] == JobState.Unspecified || !System.Enum.IsDefined(request.States[i]))
                invalid.Add(new($"states[{i}]", "not a job state", "OUT_OF_RANGE"));
        }
        if (request.ModelName.Length > 0 && !Names.IsModelName(request.ModelName))
            invalid.Add(new("model_name", "1..63 characters of [a-z0-9-]", "INVALID_NAME"));
        var states = request.States.Distinct().Order().ToList();
        var filter = PageTokens.Filter("jobs", string.Join(',', states.Select(s => (int)s)), request.ModelName);
        var after = PageTokens.Read(request.PageToken, filter, invalid);
        RequestRejectedException.ThrowIfAny(invalid);

        var jobs = (await store.ListAsync(cancellationToken))
            .Where(j => states.Count == 0 || states.Contains(j.State))
            .Where(j => request.ModelName.Length == 0 || j.Config?.ModelName == request.ModelName)
            .SkipWhile(j => after!.Length > 0 && Position(j) != after)
            .Skip(after!.Length > 0 ? 1 : 0)
            .Take(size + 1)
            .ToList();
        var response = new ListJobsResponse();
        foreach (var job in jobs.Take(size))
        {
            var listed = job.Clone();
            listed.Config = null;
            response.Jobs.Add(listed);
        }
        if (jobs.Count > size) response.NextPageToken = PageTokens.Write(filter, Position(jobs[size - 1]));
        return response;
    }

    public async Task<Job> CancelJobAsync(CancelJobRequest request, CancellationToken cancellationToken)
    {
        RequireId(request.JobId, "job_id");
        if (request.Reason.Length > 1024)
            RequestRejectedException.ThrowIfAny([new("reason", "at most 1024 characters", "OUT_OF_RANGE")]);
        var reason = request.Reason.Length > 0 ? request.Reason : "cancelled by client";
        string? refusal = null;
        var stored = await store.UpdateAsync(request.JobId, current =>
        {
            refusal = null;
            var job = current.Job;
            switch (job.State)
            {
                case JobState.Queued:
                case JobState.Interrupted:
                    return Transition(current, JobState.Cancelled, reason, completed: job.State == JobState.Queued);
                case JobState.Running:
                    return Transition(current, JobState.Cancelling, reason, completed: false) with { LeaseUntil = current.LeaseUntil };
                case JobState.Succeeded:
                case JobState.Failed:
                    refusal = $"job {job.Id} already ended ({job.State}); only queued or running jobs can be cancelled";
                    return null;
                default:
                    return null;
            }
        }, cancellationToken);
        if (stored is null) RpcErrors.ThrowNotFound($"no job has the id '{request.JobId}'");
        if (refusal is not null) RpcErrors.ThrowFailedPrecondition(refusal);
        TrainerLog.JobCancelRequested(logger, stored.Job.Id, stored.Job.State.ToString());
        return stored.Job;
    }

    public async Task<Job> ResumeJobAsync(ResumeJobRequest request, CancellationToken cancellationToken)
    {
        RequireId(request.JobId, "job_id");
        if (request.CheckpointId.Length > 0 && !Names.IsKey(request.CheckpointId))
            RequestRejectedException.ThrowIfAny([new("checkpoint_id", "not a checkpoint id", "INVALID_ID")]);
        var existing = await GetStoredAsync(request.JobId, cancellationToken);
        var checkpoints = await CheckpointIdsAsync(existing.Job.Id, cancellationToken);
        if (request.CheckpointId.Length > 0 && !checkpoints.Contains(request.CheckpointId))
            RpcErrors.ThrowNotFound($"job {request.JobId} has no checkpoint '{request.CheckpointId}'");
        string? refusal = null;
        var stored = await store.UpdateAsync(request.JobId, current =>
        {
            refusal = null;
            switch (current.Job.State)
            {
                case JobState.Cancelled or JobState.Failed or JobState.Interrupted when checkpoints.Count == 0:
                    refusal = $"job {current.Job.Id} has no checkpoint to resume from; start a new job";
                    return null;
                case JobState.Cancelled or JobState.Failed or JobState.Interrupted:
                    var update = Transition(current, JobState.Queued,
                        request.CheckpointId.Length > 0 ? $"resumed from checkpoint {request.CheckpointId}" : "resumed from the latest checkpoint", completed: false);
                    update.Job.EndTime = null;
                    update.Job.FailureMessage = "";
                    return update with { Enqueue = true, ResumeCheckpoint = request.CheckpointId };
                case JobState.Succeeded:
                    refusal = $"job {current.Job.Id} succeeded; publish its checkpoints or start a new job";
                    return null;
                case JobState.Cancelling:
                    refusal = $"job {current.Job.Id} is being cancelled; resume it once it is CANCELLED";
                    return null;
                default:
                    return null;
            }
        }, cancellationToken);
        if (stored is null) RpcErrors.ThrowNotFound($"no job has the id '{request.JobId}'");
        if (refusal is not null) RpcErrors.ThrowFailedPrecondition(refusal);
        return stored.Job;
    }

    /// <summary>A state change with its event; terminal states get an end time and, unless told otherwise, a completed event.</summary>
    public static JobUpdate Transition(StoredJob current, JobState to, string reason, bool completed)
    {
        var job = current.Job.Clone();
        var from = job.State;
        job.State = to;
        job.UpdateTime = Timestamp.FromDateTime(DateTime.UtcNow);
        if (!JobStoreRules.IsActive(to)) job.WorkerId = "";
        if (JobStoreRules.IsTerminal(to)) job.EndTime = job.UpdateTime;
        var events = new List<JobEvent> { new() { StateChange = new StateChangeEvent { FromState = from, ToState = to, Reason = reason } } };
        if (completed && JobStoreRules.IsTerminal(to)) events.Add(Completed(job));
        return new JobUpdate(job, events, ResumeCheckpoint: current.ResumeCheckpoint);
    }

    public static JobEvent Completed(Job job)
    {
        var completed = new CompletedEvent { FinalState = job.State, FailureMessage = job.FailureMessage, FinalCheckpoint = job.LatestCheckpoint };
        completed.Metrics.Add(job.Metrics);
        return new JobEvent { Completed = completed };
    }

    private async Task<HashSet<string>> CheckpointIdsAsync(string jobId, CancellationToken cancellationToken)
    {
        var onDisk = runs.Checkpoints(jobId).Select(c => c.Id);
        var records = runs.Exists(jobId) ? [] : (await store.GetCheckpointsAsync(jobId, cancellationToken)).Keys;
        return new HashSet<string>(onDisk.Concat(records), StringComparer.Ordinal);
    }

    private static string Position(Job job) => $"{job.CreateTime.ToDateTime().Ticks:D20}:{job.Id}";

    private static string NewJobId() => $"job-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    public static void RequireId(string id, string field)
    {
        if (id.Length == 0) RequestRejectedException.ThrowIfAny([new(field, "required", "REQUIRED")]);
        if (!Names.IsKey(id)) RequestRejectedException.ThrowIfAny([new(field, "not a valid id", "INVALID_ID")]);
    }
}
