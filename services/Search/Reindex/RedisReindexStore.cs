using Google.Protobuf;
using StackExchange.Redis;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search.Reindex;

/// <summary>
/// Redis layout: hash <c>{prefix}gallery:reindex:&lt;id&gt;</c> (op = the ReindexOperation protobuf, state, request,
/// cursor, begin), string <c>{prefix}gallery:reindex:latest</c>, hash <c>{prefix}gallery:reindex:requests</c>
/// (request id → reindex id) and the lease <c>{prefix}gallery:reindex:lease</c> (owner, with a TTL).
/// </summary>
internal sealed class RedisReindexStore(IConnectionMultiplexer redis, string keyPrefix) : IReindexStore
{
    private const string CreateScript = """
        if ARGV[2] ~= '' then
          local known = redis.call('HGET', KEYS[2], ARGV[2])
          if known then return {known, 0} end
        end
        local latest = redis.call('GET', KEYS[1])
        if latest then
          local st = tonumber(redis.call('HGET', ARGV[5] .. latest, 'state') or '0')
          if st >= 1 and st <= 4 then return {latest, 0} end
        end
        redis.call('HSET', KEYS[3], 'op', ARGV[3], 'state', ARGV[4], 'request', ARGV[2], 'cursor', '', 'begin', '')
        redis.call('SET', KEYS[1], ARGV[1])
        if ARGV[2] ~= '' then redis.call('HSET', KEYS[2], ARGV[2], ARGV[1]) end
        return {ARGV[1], 1}
        """;

    private const string SaveScript = """
        local st = redis.call('HGET', KEYS[1], 'state')
        if not st or not string.find(ARGV[5], ',' .. st .. ',', 1, true) then return 0 end
        redis.call('HSET', KEYS[1], 'op', ARGV[1], 'state', ARGV[2], 'cursor', ARGV[3], 'begin', ARGV[4])
        return 1
        """;

    private const string LeaseScript = """
        local cur = redis.call('GET', KEYS[1])
        if not cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
        if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 1
        """;

    private readonly RedisStoreAccess _redis = new(redis, "the reindex state");
    private readonly string _hashPrefix = keyPrefix + "gallery:reindex:";
    private readonly RedisKey _latest = keyPrefix + "gallery:reindex:latest";
    private readonly RedisKey _requests = keyPrefix + "gallery:reindex:requests";
    private readonly RedisKey _lease = keyPrefix + "gallery:reindex:lease";

    public async Task<ReindexRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length == 0)
        {
            var latest = await _redis.RunAsync(db => db.StringGetAsync(_latest), cancellationToken);
            if (latest.IsNull) return null;
            id = latest.ToString();
        }
        var values = await _redis.RunAsync(db => db.HashGetAsync(_hashPrefix + id, ["op", "request", "cursor", "begin"]), cancellationToken);
        if (values[0].IsNull) return null;
        var begin = values[3].ToString();
        return new ReindexRecord(ReindexOperation.Parser.ParseFrom((byte[])values[0]!), values[1].ToString(), values[2].ToString(),
            begin.Length > 0 ? ChangeOffset.Parse(begin) : ChangeOffset.Zero);
    }

    public async Task<(ReindexRecord Record, bool Created)> CreateAsync(ReindexRecord candidate, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [_latest, _requests, _hashPrefix + candidate.Id];
        RedisValue[] args = [candidate.Id, candidate.RequestId, candidate.Operation.ToByteArray(), (int)candidate.Operation.State, _hashPrefix];
        var result = (RedisResult[])(await _redis.RunAsync(db => db.ScriptEvaluateAsync(CreateScript, keys, args), cancellationToken))!;
        if ((int)result[1] == 1) return (candidate, true);
        var existing = await GetAsync(result[0].ToString(), cancellationToken)
            ?? throw _redis.Unavailable("lost the running reindex while reading it; retry");
        return (existing, false);
    }

    public async Task<bool> SaveAsync(ReindexRecord record, IReadOnlyCollection<ReindexState> from, CancellationToken cancellationToken)
    {
        RedisValue[] args = [record.Operation.ToByteArray(), (int)record.Operation.State, record.Cursor,
            record.BeginOffset == ChangeOffset.Zero ? "" : record.BeginOffset.ToString(), "," + string.Join(",", from.Select(s => (int)s)) + ","];
        return (int)await _redis.RunAsync(db => db.ScriptEvaluateAsync(SaveScript, [_hashPrefix + record.Id], args), cancellationToken) == 1;
    }

    public async Task<bool> TryLeaseAsync(string owner, TimeSpan ttl, CancellationToken cancellationToken) =>
        (int)await _redis.RunAsync(db => db.ScriptEvaluateAsync(LeaseScript, [_lease], [owner, (long)ttl.TotalMilliseconds]), cancellationToken) == 1;

    public Task ReleaseLeaseAsync(string owner, CancellationToken cancellationToken) =>
        _redis.RunAsync(db => db.ScriptEvaluateAsync(ReleaseScript, [_lease], [owner]), cancellationToken);
}
