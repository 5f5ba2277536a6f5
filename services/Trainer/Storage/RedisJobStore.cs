using Google.Protobuf;
using StackExchange.Redis;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Trainer.Storage;

/// <summary>
/// Redis provider. Keys under <c>{prefix}trainer:</c>: <c>job:&lt;id&gt;</c> hash (data, version, seq, lease, fp, resume),
/// <c>jobs</c> sorted set by creation time, <c>active</c> set of RUNNING/CANCELLING ids, <c>events:&lt;id&gt;</c> stream
/// (fields seq, data; trimmed to Trainer:EventRetention), <c>queue</c> stream read by the consumer group <c>workers</c>,
/// <c>request:&lt;id&gt;</c> → job id, and <c>notify</c> pub/sub (job ids). Every job write is one Lua script that checks
/// the version it read, so two replicas never overwrite each other and events are numbered without gaps.
/// </summary>
internal sealed partial class RedisJobStore : IJobStore
{
    private const string Group = "workers";

    // KEYS: request, job, jobs, events, queue. ARGV: id, data, fp, created ms, has request, channel, first event.
    private const string CreateScript = """
        if ARGV[5] == '1' then
          local existing = redis.call('GET', KEYS[1])
          if existing then return existing end
          redis.call('SET', KEYS[1], ARGV[1])
        end
        redis.call('HSET', KEYS[2], 'data', ARGV[2], 'version', 1, 'seq', 1, 'lease', 0, 'fp', ARGV[3], 'resume', '')
        redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
        redis.call('XADD', KEYS[4], '*', 'seq', 1, 'data', ARGV[7])
        redis.call('XADD', KEYS[5], '*', 'job', ARGV[1])
        redis.call('PUBLISH', ARGV[6], ARGV[1])
        return ARGV[1]
        """;

    // KEYS: job, events, active, queue. ARGV: expected version, data, seq, lease, resume, active, enqueue, channel, id,
    // trim min id, event count, then (seq, data) per event. Returns 1, 0 (version moved on) or -1 (no such job).
    private const string UpdateScript = """
        local v = redis.call('HGET', KEYS[1], 'version')
        if not v then return -1 end
        if v ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'data', ARGV[2], 'version', tonumber(v) + 1, 'seq', ARGV[3], 'lease', ARGV[4], 'resume', ARGV[5])
        if ARGV[6] == '1' then redis.call('SADD', KEYS[3], ARGV[9]) else redis.call('SREM', KEYS[3], ARGV[9]) end
        local n = tonumber(ARGV[11])
        for i = 0, n - 1 do
          redis.call('XADD', KEYS[2], '*', 'seq', ARGV[12 + 2 * i], 'data', ARGV[13 + 2 * i])
        end
        if n > 0 and ARGV[10] ~= '' then redis.call('XTRIM', KEYS[2], 'MINID', ARGV[10]) end
        if ARGV[7] == '1' then redis.call('XADD', KEYS[4], '*', 'job', ARGV[9]) end
        if n > 0 or ARGV[7] == '1' then redis.call('PUBLISH', ARGV[8], ARGV[9]) end
        return 1
        """;

    private readonly RedisStoreAccess _redis;
    private readonly string _prefix;
    private readonly TimeSpan _retention;
    private readonly TimeSpan _reclaimAfter;
    private readonly RedisChannel _channel;
    private int _groupCreated;

    public RedisJobStore(IConnectionMultiplexer redis, string keyPrefix, TimeSpan eventRetention, TimeSpan reclaimAfter)
    {
        _prefix = keyPrefix + "trainer:";
        _retention = eventRetention;
        _reclaimAfter = reclaimAfter;
        _channel = RedisChannel.Literal(_prefix + "notify");
        _redis = new RedisStoreAccess(redis, "the job storage", _channel);
    }

    public string Description => _redis.Description;

    private RedisKey JobKey(string id) => _prefix + "job:" + id;
    private RedisKey EventsKey(string id) => _prefix + "events:" + id;
    private RedisKey JobsKey => _prefix + "jobs";
    private RedisKey ActiveKey => _prefix + "active";
    private RedisKey QueueKey => _prefix + "queue";

    public async Task<(StoredJob Job, bool Created)> CreateAsync(Job job, string fingerprint, JobEvent firstEvent, CancellationToken cancellationToken)
    {
        await _redis.EnsureSubscribedAsync();
        var (events, _) = JobStoreRules.Number(job.Id, 0, [firstEvent]);
        var hasRequest = job.RequestId.Length > 0;
        RedisKey[] keys = [hasRequest ? _prefix + "request:" + job.RequestId : _prefix + "request:-", JobKey(job.Id), JobsKey, EventsKey(job.Id), QueueKey];
        RedisValue[] args = [job.Id, job.ToByteArray(), fingerprint, job.CreateTime.ToDateTimeOffset().ToUnixTimeMilliseconds(),
            hasRequest ? "1" : "0", _channel.ToString(), events[0].ToByteArray()];
        var id = (string)(await _redis.RunAsync(db => db.ScriptEvaluateAsync(CreateScript, keys, args), cancellationToken))!;
        var stored = await GetAsync(id, cancellationToken)
            ?? throw _redis.Unavailable($"lost job {id} right after it was written");
        return (stored, id == job.Id);
    }

    public async Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var fields = await _redis.RunAsync(db => db.HashGetAllAsync(JobKey(jobId)), cancellationToken);
        return fields.Length == 0 ? null : FromHash(fields);
    }

    public async Task<IReadOnlyList<Job>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await _redis.RunAsync(db => db.SortedSetRangeByRankAsync(JobsKey, 0, -1, Order.Descending), cancellationToken);
        var jobs = await GetManyAsync(ids.Select(i => i.ToString()), cancellationToken);
        return [.. jobs.Select(j => j.Job)];
    }

    public async Task<IReadOnlyList<StoredJob>> ListActiveAsync(CancellationToken cancellationToken)
    {
        var ids = await _redis.RunAsync(db => db.SetMembersAsync(ActiveKey), cancellationToken);
        return await GetManyAsync(ids.Select(i => i.ToString()), cancellationToken);
    }

    public async Task<StoredJob?> UpdateAsync(string jobId, Func<StoredJob, JobUpdate?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await GetAsync(jobId, cancellationToken);
            if (current is null) return null;
            var update = change(current);
            if (update is null) return current;
            var (events, last) = JobStoreRules.Number(jobId, current.LastSequence, update.Events);
            var trim = events.Count > 0 ? $"{JobStoreRules.NowMs() - (long)_retention.TotalMilliseconds}-0" : "";
            var args = new List<RedisValue>
            {
                current.Version, update.Job.ToByteArray(), last, update.LeaseUntil, update.ResumeCheckpoint,
                JobStoreRules.IsActive(update.Job.State) ? "1" : "0", update.Enqueue ? "1" : "0", _channel.ToString(), jobId, trim, events.Count,
            };
            foreach (var e in events)
            {
                args.Add(e.Sequence);
                args.Add(e.ToByteArray());
            }
            RedisKey[] keys = [JobKey(jobId), EventsKey(jobId), ActiveKey, QueueKey];
            var result = (int)(await _redis.RunAsync(db => db.ScriptEvaluateAsync(UpdateScript, keys, [.. args]), cancellationToken));
            if (result == -1) return null;
            if (result == 1)
                return current with { Job = update.Job, Version = current.Version + 1, LastSequence = last, LeaseUntil = update.LeaseUntil, ResumeCheckpoint = update.ResumeCheckpoint };
        }
    }

    public async Task<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long afterSequence, int max, CancellationToken cancellationToken)
    {
        await _redis.EnsureSubscribedAsync();
        var result = new List<JobEvent>();
        RedisValue start = "-";
        while (result.Count < max)
        {
            var from = start;
            var entries = await _redis.RunAsync(db => db.StreamRangeAsync(EventsKey(jobId), from, "+", 256), cancellationToken);
            foreach (var entry in entries)
            {
                if ((long)entry["seq"] <= afterSequence) continue;
                result.Add(JobEvent.Parser.ParseFrom((byte[])entry["data"]!));
                if (result.Count == max) break;
            }
            if (entries.Length < 256) break;
            start = "(" + entries[^1].Id;
        }
        return result;
    }

    public async Task WaitForEventsAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _redis.EnsureSubscribedAsync();
        await _redis.Notified.WaitAsync(timeout, cancellationToken);
    }

    private async Task<IReadOnlyList<StoredJob>> GetManyAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var tasks = ids.Select(id => GetAsync(id, cancellationToken)).ToList();
        var jobs = await Task.WhenAll(tasks);
        return [.. jobs.Where(j => j is not null).Select(j => j!)];
    }

    private static StoredJob FromHash(HashEntry[] fields)
    {
        var map = fields.ToDictionary(f => f.Name.ToString(), f => f.Value);
        return new StoredJob(Job.Parser.ParseFrom((byte[])map["data"]!), (long)map["version"], (long)map["seq"],
            map.TryGetValue("lease", out var lease) && lease.HasValue && lease.ToString().Length > 0 ? (long)lease : 0,
            map.GetValueOrDefault("fp").ToString(), map.GetValueOrDefault("resume").ToString());
    }
}
