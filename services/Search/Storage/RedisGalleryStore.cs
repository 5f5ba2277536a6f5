using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using StackExchange.Redis;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Search.Storage;

/// <summary>
/// Redis provider: each item in a hash <c>{prefix}gallery:item:&lt;id&gt;</c> (fields data, created, offset,
/// source), every change XADDed to the stream <c>{prefix}gallery:changes</c> (the entry id is the change offset) and
/// announced on the channel <c>{prefix}gallery:notify</c>. Hash and stream entry are written by one Lua script, so
/// they change together or not at all. Uses the process's shared multiplexer; fails fast while it is disconnected.
/// </summary>
internal sealed class RedisGalleryStore : IGalleryStore
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    // KEYS[1] stream, KEYS[2..] item hashes; ARGV[1] channel, then (id, data, source) per item.
    private const string UpsertScript = """
        local t = redis.call('TIME')
        local now = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
        local out = {}
        local last = ''
        for i = 2, #KEYS do
          local a = (i - 2) * 3 + 2
          local created = redis.call('HGET', KEYS[i], 'created')
          local isNew = 0
          if not created then created = now; isNew = 1 end
          local off = redis.call('XADD', KEYS[1], '*', 'op', 'u', 'id', ARGV[a], 'data', ARGV[a + 1], 'created', created)
          redis.call('HSET', KEYS[i], 'data', ARGV[a + 1], 'created', created, 'offset', off)
          if ARGV[a + 2] == '' then redis.call('HDEL', KEYS[i], 'source') else redis.call('HSET', KEYS[i], 'source', ARGV[a + 2]) end
          out[#out + 1] = off
          out[#out + 1] = isNew
          last = off
        end
        redis.call('PUBLISH', ARGV[1], last)
        return out
        """;

    // KEYS[1] stream, KEYS[2..] item hashes; ARGV[1] channel, ARGV[2..] ids. Returns the offset or '' per id.
    private const string DeleteScript = """
        local out = {}
        local last = ''
        for i = 2, #KEYS do
          if redis.call('DEL', KEYS[i]) == 1 then
            last = redis.call('XADD', KEYS[1], '*', 'op', 'd', 'id', ARGV[i])
            out[#out + 1] = last
          else
            out[#out + 1] = ''
          end
        end
        if last ~= '' then redis.call('PUBLISH', ARGV[1], last) end
        return out
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly RedisKey _stream;
    private readonly RedisChannel _channel;
    private readonly AsyncSignal _changed = new();
    private int _subscribed;

    public RedisGalleryStore(IConnectionMultiplexer redis, string keyPrefix)
    {
        _redis = redis;
        _prefix = keyPrefix;
        _stream = keyPrefix + "gallery:changes";
        _channel = RedisChannel.Literal(keyPrefix + "gallery:notify");
        Description = $"redis at {string.Join(",", redis.GetEndPoints().Select(e => e.ToString()))}";
    }

    public string Description { get; }

    public bool IsAvailable => _redis.IsConnected;

    public RedisKey ItemKey(string id) => _prefix + "gallery:item:" + id;

    public async Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<ItemWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0) return [];
        var keys = new RedisKey[writes.Count + 1];
        var args = new RedisValue[writes.Count * 3 + 1];
        keys[0] = _stream;
        args[0] = _channel.ToString();
        for (var i = 0; i < writes.Count; i++)
        {
            keys[i + 1] = ItemKey(writes[i].Id);
            args[i * 3 + 1] = writes[i].Id;
            args[i * 3 + 2] = writes[i].Item;
            args[i * 3 + 3] = writes[i].SourceImage ?? [];
        }
        var result = (RedisResult[])(await RunAsync(db => db.ScriptEvaluateAsync(UpsertScript, keys, args), cancellationToken))!;
        var outcomes = new WriteOutcome[writes.Count];
        for (var i = 0; i < outcomes.Length; i++)
            outcomes[i] = new WriteOutcome(ChangeOffset.Parse(result[2 * i].ToString()), (int)result[2 * i + 1] == 1);
        return outcomes;
    }

    public async Task<DeleteOutcome> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[ids.Count + 1];
        var args = new RedisValue[ids.Count + 1];
        keys[0] = _stream;
        args[0] = _channel.ToString();
        for (var i = 0; i < ids.Count; i++)
        {
            keys[i + 1] = ItemKey(ids[i]);
            args[i + 1] = ids[i];
        }
        var result = (RedisResult[])(await RunAsync(db => db.ScriptEvaluateAsync(DeleteScript, keys, args), cancellationToken))!;
        List<string> deleted = [], missing = [];
        var last = ChangeOffset.Zero;
        for (var i = 0; i < ids.Count; i++)
        {
            var offset = result[i].ToString();
            if (offset.Length == 0)
            {
                missing.Add(ids[i]);
                continue;
            }
            deleted.Add(ids[i]);
            last = ChangeOffset.Max(last, ChangeOffset.Parse(offset));
        }
        return new DeleteOutcome(deleted, missing, last);
    }

    public async Task<ChangeBatch> ReadChangesAsync(ChangeOffset after, int max, CancellationToken cancellationToken)
    {
        await EnsureSubscribedAsync();
        var entries = await RunAsync(db => db.StreamReadAsync(_stream, after.ToString(), max), cancellationToken);
        var changes = new List<GalleryChange>(entries.Length);
        foreach (var entry in entries)
            changes.Add(ToChange(entry));
        return new ChangeBatch(changes, changes.Count > 0 ? changes[^1].Offset : after);
    }

    public async Task WaitForChangesAsync(ChangeOffset after, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await EnsureSubscribedAsync();
        await _changed.WaitAsync(timeout, cancellationToken);
    }

    public Task CompactAsync(ChangeOffset covered, CancellationToken cancellationToken) => Task.CompletedTask;

    private static GalleryChange ToChange(StreamEntry entry)
    {
        var offset = ChangeOffset.Parse(entry.Id.ToString());
        var id = entry["id"].ToString();
        if (entry["op"] == "d") return new GalleryChange(offset, id, null);
        var item = GalleryItem.Parser.ParseFrom((byte[])entry["data"]!);
        item.CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds((long)entry["created"]));
        item.UpdateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds((long)offset.Major));
        item.ChangeOffset = offset.ToString();
        return new GalleryChange(offset, id, item);
    }

    private async Task EnsureSubscribedAsync()
    {
        if (Volatile.Read(ref _subscribed) == 1 || !_redis.IsConnected) return;
        if (Interlocked.Exchange(ref _subscribed, 1) == 1) return;
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(_channel, (_, _) => _changed.Set());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
        }
    }

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        if (!_redis.IsConnected)
            throw new StoreUnavailableException($"the gallery storage ({Description}) is unreachable; retry with backoff");
        try
        {
            return await command(_redis.GetDatabase()).WaitAsync(CommandTimeout, cancellationToken);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or TimeoutException)
        {
            throw new StoreUnavailableException($"the gallery storage ({Description}) did not answer; retry with backoff", e);
        }
    }
}
