using TwinGan.Contracts.Trainer.V1;
using TwinGan.Trainer.Grpc;

namespace TwinGan.Trainer.Jobs;

/// <summary>ListCheckpoints: the run directory's checkpoints (when this replica sees it) with the store's records.</summary>
internal sealed partial class JobService
{
    public async Task<ListCheckpointsResponse> ListCheckpointsAsync(ListCheckpointsRequest request, CancellationToken cancellationToken)
    {
        var invalid = new List<Violation>();
        var size = PageTokens.Size(request.PageSize, limits.Value.MaxPageSize, invalid);
        var filter = PageTokens.Filter("checkpoints", request.JobId);
        var after = PageTokens.Read(request.PageToken, filter, invalid);
        RequestRejectedException.ThrowIfAny(invalid);
        var job = await GetJobAsync(request.JobId, cancellationToken);
        var all = await CheckpointsAsync(job, cancellationToken);
        var page = all.Where(c => after!.Length == 0 || string.CompareOrdinal(c.Id, after) < 0).Take(size + 1).ToList();
        var response = new ListCheckpointsResponse();
        response.Checkpoints.AddRange(page.Take(size));
        if (page.Count > size) response.NextPageToken = PageTokens.Write(filter, page[size - 1].Id);
        return response;
    }

    /// <summary>A job's checkpoints, newest first, with metrics and published versions from the store's records.</summary>
    public async Task<IReadOnlyList<Checkpoint>> CheckpointsAsync(Job job, CancellationToken cancellationToken)
    {
        var records = await store.GetCheckpointsAsync(job.Id, cancellationToken);
        if (!runs.Exists(job.Id))
            return [.. records.Values.OrderByDescending(c => c.Id, StringComparer.Ordinal)];
        var total = job.Progress?.TotalImages ?? 0;
        return [.. runs.Checkpoints(job.Id).Select(info =>
        {
            var checkpoint = RunDirectories.ToProto(info, total);
            if (records.TryGetValue(info.Id, out var record))
            {
                checkpoint.Metrics.Add(record.Metrics);
                checkpoint.PublishedVersions.AddRange(record.PublishedVersions);
            }
            return checkpoint;
        })];
    }
}
