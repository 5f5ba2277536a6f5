using Grpc.Core;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Model.Bundles;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.Trainer.Grpc;
using TwinGan.Trainer.Jobs;
using TwinGan.Trainer.Storage;
using TwinGan.Training;

namespace TwinGan.Trainer.Models;

/// <summary>
/// PublishModel: exports a checkpoint's EMA weights as a bundle into the model store under a new version (the next
/// "v&lt;N&gt;" unless one is given), records where it came from, marks the checkpoint, and makes it the model's current
/// version in the registry unless asked not to. Idempotent through request_id, and for an explicit version that already
/// holds the same checkpoint.
/// </summary>
internal sealed class ModelPublisher(ModelStore modelStore, ModelCatalog catalog, JobService jobs, RunDirectories runs, IJobStore store, ILogger<ModelPublisher> logger)
{
    private const int MaxAutoVersionAttempts = 20;

    public async Task<ModelVersion> PublishAsync(PublishModelRequest request, CancellationToken cancellationToken)
    {
        var invalid = new List<Violation>();
        if (request.CheckpointId.Length > 0 && !Names.IsKey(request.CheckpointId)) invalid.Add(new("checkpoint_id", "not a checkpoint id", "INVALID_ID"));
        if (request.ModelName.Length > 0 && !Names.IsModelName(request.ModelName)) invalid.Add(new("model_name", "1..63 characters of [a-z0-9-]", "INVALID_NAME"));
        if (request.Version.Length > 0 && !Names.IsVersion(request.Version)) invalid.Add(new("version", "1..64 characters of [A-Za-z0-9._-]", "INVALID_ID"));
        if (request.Description.Length > 1024) invalid.Add(new("description", "at most 1024 characters", "OUT_OF_RANGE"));
        if (request.RequestId.Length > 0 && !Names.IsKey(request.RequestId)) invalid.Add(new("request_id", "1..128 characters of [A-Za-z0-9._-] (a UUID)", "INVALID_ID"));
        RequestRejectedException.ThrowIfAny(invalid);
        var fingerprint = Fingerprint.Of(request);
        if (request.RequestId.Length > 0 && await store.GetPublishRequestAsync(request.RequestId, cancellationToken) is { } earlier)
        {
            if (earlier.Fingerprint != fingerprint)
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"request_id '{request.RequestId}' already published {earlier.ModelName}/{earlier.Version} for another request"));
            return await ViewAsync(earlier, cancellationToken);
        }

        var job = await jobs.GetJobAsync(request.JobId, cancellationToken);
        var name = request.ModelName.Length > 0 ? request.ModelName : job.Config.ModelName;
        if (!runs.Exists(job.Id))
            RpcErrors.ThrowFailedPrecondition($"job {job.Id} has no run directory under this replica's Trainer:RunRoot (no checkpoint yet, or the run root is not shared)");
        var checkpoints = runs.Checkpoints(job.Id);
        if (checkpoints.Count == 0) RpcErrors.ThrowFailedPrecondition($"job {job.Id} has no checkpoint yet");
        var checkpoint = request.CheckpointId.Length == 0 ? checkpoints[0] : checkpoints.FirstOrDefault(c => c.Id == request.CheckpointId);
        if (checkpoint is null) RpcErrors.ThrowNotFound($"job {job.Id} has no checkpoint '{request.CheckpointId}'");
        var parent = $"{job.Id}/{checkpoint.Id}";
        var records = await store.GetCheckpointsAsync(job.Id, cancellationToken);
        var metrics = records.TryGetValue(checkpoint.Id, out var ckptRecord) ? ckptRecord.Metrics : null;

        var version = request.Version.Length > 0
            ? await ExplicitVersionAsync(name, request.Version, parent, checkpoint, metrics, cancellationToken)
            : await NextVersionAsync(name, parent, checkpoint, metrics, cancellationToken);
        var record = new PublishRecord(name, version, job.Id, checkpoint.Id, request.Description, JobStoreRules.NowMs(), fingerprint);
        await store.SavePublishAsync(record, request.RequestId, cancellationToken);
        await MarkCheckpointAsync(job, checkpoint, ckptRecord, $"{name}/{version}", cancellationToken);
        if (!request.KeepCurrentVersion)
        {
            await catalog.RegistryAsync(async r =>
            {
                await r.SetCurrentVersionAsync(name, version, cancellationToken);
                return true;
            });
        }
        TrainerLog.Published(logger, name, version, job.Id, checkpoint.Id, !request.KeepCurrentVersion);
        return await ViewAsync(record, cancellationToken);
    }

    private async Task<string> ExplicitVersionAsync(string name, string version, string parent, CheckpointInfo checkpoint,
        IDictionary<string, double>? metrics, CancellationToken cancellationToken)
    {
        if (modelStore.Has(name, version))
        {
            if (ManifestMapper.Read(modelStore.DirectoryFor(name, version))?.ParentCheckpoint == parent) return version;
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"{name}/{version} already exists with other content; choose another version"));
        }
        try
        {
            await ExportAsync(name, version, parent, checkpoint, metrics, cancellationToken);
        }
        catch (IOException) when (modelStore.Has(name, version))
        {
            // Published concurrently by another call: the same checkpoint is a repeat, another one a conflict.
            if (ManifestMapper.Read(modelStore.DirectoryFor(name, version))?.ParentCheckpoint != parent)
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"{name}/{version} already exists with other content; choose another version"));
        }
        return version;
    }

    private async Task<string> NextVersionAsync(string name, string parent, CheckpointInfo checkpoint, IDictionary<string, double>? metrics,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAutoVersionAttempts; attempt++)
        {
            var next = 1 + modelStore.Versions(name).Select(v => v.Length > 1 && v[0] == 'v' && int.TryParse(v[1..], out var n) ? n : 0).DefaultIfEmpty(0).Max();
            var version = $"v{next}";
            try
            {
                await ExportAsync(name, version, parent, checkpoint, metrics, cancellationToken);
                return version;
            }
            catch (IOException) when (Directory.Exists(modelStore.DirectoryFor(name, version)))
            {
                // Another publish took this number first; take the next one.
            }
        }
        throw new RpcException(new Status(StatusCode.Unavailable, $"could not reserve a new version of {name}; retry"));
    }

    private Task<BundleManifest> ExportAsync(string name, string version, string parent, CheckpointInfo checkpoint, IDictionary<string, double>? metrics,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(modelStore.Root, name));
        var info = new BundleInfo(name, version, Metrics: metrics is null ? null : new Dictionary<string, double>(metrics), ParentCheckpoint: parent);
        return Task.Run(() => TrainingRun.ExportModel(checkpoint.Directory, modelStore.DirectoryFor(name, version), info), cancellationToken);
    }

    private async Task MarkCheckpointAsync(Job job, CheckpointInfo checkpoint, Contracts.Trainer.V1.Checkpoint? record, string published, CancellationToken cancellationToken)
    {
        var updated = record?.Clone() ?? RunDirectories.ToProto(checkpoint, job.Progress?.TotalImages ?? 0);
        if (updated.PublishedVersions.Contains(published)) return;
        updated.PublishedVersions.Add(published);
        await store.SaveCheckpointAsync(job.Id, updated, cancellationToken);
    }

    private async Task<ModelVersion> ViewAsync(PublishRecord record, CancellationToken cancellationToken)
    {
        var current = await catalog.RegistryAsync(r => r.GetCurrentVersionAsync(record.ModelName, cancellationToken)) ?? "";
        return catalog.Version(record.ModelName, record.Version, current, record, includeTrainingOptions: false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"{record.ModelName}/{record.Version} is no longer in the model store"));
    }
}
