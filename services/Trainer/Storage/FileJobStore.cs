using System.Buffers.Binary;
using System.Text.Json;
using Google.Protobuf;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Trainer.Storage;

/// <summary>
/// File provider (the embedded default, one Trainer process per folder): <c>jobs/&lt;id&gt;/job.json</c> (replaced
/// atomically), <c>jobs/&lt;id&gt;/events.log</c> (length-prefixed events, appended), request-id and publish records
/// beside them. Jobs are cached in memory; one lock orders all writes. The queue is the set of QUEUED jobs, oldest first.
/// </summary>
internal sealed partial class FileJobStore(string directory, TimeSpan eventRetention) : IJobStore, IDisposable
{
    private readonly string _dir = Path.GetFullPath(directory);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly AsyncSignal _events = new();
    private readonly AsyncSignal _queue = new();
    private readonly HashSet<string> _handedOut = new(StringComparer.Ordinal);
    private Dictionary<string, StoredJob>? _jobs;

    public string Description => $"files under {_dir}";

    public void Dispose() => _lock.Dispose();

    public async Task<(StoredJob Job, bool Created)> CreateAsync(Job job, string fingerprint, JobEvent firstEvent, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var jobs = Jobs();
            if (job.RequestId.Length > 0)
            {
                var requestFile = RequestPath(job.RequestId);
                if (File.Exists(requestFile) && jobs.TryGetValue((await File.ReadAllTextAsync(requestFile, cancellationToken)).Trim(), out var existing))
                    return (existing, false);
            }
            var (events, last) = JobStoreRules.Number(job.Id, 0, [firstEvent]);
            var stored = new StoredJob(job, 1, last, 0, fingerprint, "");
            Directory.CreateDirectory(JobDir(job.Id));
            await AppendEventsAsync(job.Id, events, cancellationToken);
            await WriteJobAsync(stored, cancellationToken);
            if (job.RequestId.Length > 0) await WriteAtomicAsync(RequestPath(job.RequestId), job.Id, cancellationToken);
            jobs[job.Id] = stored;
            _events.Set();
            _queue.Set();
            return (stored, true);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return Jobs().GetValueOrDefault(jobId);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<Job>> ListAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return [.. Jobs().Values.Select(j => j.Job).OrderByDescending(j => j.CreateTime).ThenByDescending(j => j.Id, StringComparer.Ordinal)];
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<StoredJob>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return [.. Jobs().Values.Where(j => JobStoreRules.IsActive(j.Job.State))];
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<StoredJob?> UpdateAsync(string jobId, Func<StoredJob, JobUpdate?> change, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!Jobs().TryGetValue(jobId, out var current)) return null;
            var update = change(current);
            if (update is null) return current;
            var (events, last) = JobStoreRules.Number(jobId, current.LastSequence, update.Events);
            var next = current with
            {
                Job = update.Job, Version = current.Version + 1, LastSequence = last, LeaseUntil = update.LeaseUntil,
                ResumeCheckpoint = update.ResumeCheckpoint,
            };
            await AppendEventsAsync(jobId, events, cancellationToken);
            await WriteJobAsync(next, cancellationToken);
            Jobs()[jobId] = next;
            if (events.Count > 0) _events.Set();
            if (update.Enqueue) _queue.Set();
            return next;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long afterSequence, int max, CancellationToken cancellationToken)
    {
        var path = Path.Combine(JobDir(jobId), "events.log");
        if (!File.Exists(path)) return [];
        byte[] bytes;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        var oldest = DateTime.UtcNow - eventRetention;
        var result = new List<JobEvent>();
        for (var offset = 0; offset + 4 <= bytes.Length && result.Count < max;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            // A torn tail (crash mid-append) ends the log.
            if (length < 0 || offset + 4 + length > bytes.Length) break;
            var e = JobEvent.Parser.ParseFrom(bytes, offset + 4, length);
            offset += 4 + length;
            if (e.Sequence > afterSequence && (e.Time is null || e.Time.ToDateTime() >= oldest)) result.Add(e);
        }
        return result;
    }

    public Task WaitForEventsAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken) =>
        _events.WaitAsync(timeout, cancellationToken);

    public async Task<QueueItem?> DequeueAsync(string workerId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var next = Jobs().Values
                .Where(j => j.Job.State == JobState.Queued && !_handedOut.Contains(j.Job.Id))
                .OrderBy(j => j.Job.UpdateTime)
                .ThenBy(j => j.Job.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (next is null) return null;
            _handedOut.Add(next.Job.Id);
            return new QueueItem(next.Job.Id, next.Job.Id);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task AckAsync(QueueItem item, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _handedOut.Remove(item.JobId);
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task WaitForQueueAsync(TimeSpan timeout, CancellationToken cancellationToken) => _queue.WaitAsync(timeout, cancellationToken);

    private Dictionary<string, StoredJob> Jobs()
    {
        if (_jobs is not null) return _jobs;
        var jobs = new Dictionary<string, StoredJob>(StringComparer.Ordinal);
        var root = Path.Combine(_dir, "jobs");
        if (Directory.Exists(root))
        {
            foreach (var dir in Directory.EnumerateDirectories(root))
            {
                var path = Path.Combine(dir, "job.json");
                if (!File.Exists(path)) continue;
                var stored = FromEnvelope(JsonSerializer.Deserialize<Envelope>(File.ReadAllText(path))!);
                jobs[stored.Job.Id] = stored;
            }
        }
        return _jobs = jobs;
    }

    private async Task AppendEventsAsync(string jobId, IReadOnlyList<JobEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        using var buffer = new MemoryStream();
        Span<byte> header = stackalloc byte[4];
        foreach (var e in events)
        {
            var data = e.ToByteArray();
            BinaryPrimitives.WriteInt32LittleEndian(header, data.Length);
            buffer.Write(header);
            buffer.Write(data);
        }
        await using var stream = new FileStream(Path.Combine(JobDir(jobId), "events.log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private Task WriteJobAsync(StoredJob job, CancellationToken cancellationToken) =>
        WriteAtomicAsync(Path.Combine(JobDir(job.Job.Id), "job.json"), JsonSerializer.Serialize(ToEnvelope(job)), cancellationToken);

    private static async Task WriteAtomicAsync(string path, string content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temp, content, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    private string JobDir(string jobId) => Path.Combine(_dir, "jobs", jobId);

    private string RequestPath(string requestId) => Path.Combine(_dir, "requests", requestId);

    private sealed record Envelope(long Version, long Sequence, long LeaseUntil, string Fingerprint, string ResumeCheckpoint, string Job);

    private static Envelope ToEnvelope(StoredJob j) =>
        new(j.Version, j.LastSequence, j.LeaseUntil, j.Fingerprint, j.ResumeCheckpoint, Convert.ToBase64String(j.Job.ToByteArray()));

    private static StoredJob FromEnvelope(Envelope e) =>
        new(Job.Parser.ParseFrom(Convert.FromBase64String(e.Job)), e.Version, e.Sequence, e.LeaseUntil, e.Fingerprint, e.ResumeCheckpoint);
}
