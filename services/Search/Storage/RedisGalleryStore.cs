using Google.Protobuf.WellKnownTypes;
using StackExchange.Redis;
using TwinGan.Contracts.Search.V1;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search.Storage;

/// <summary>
/// Redis provider: each item in a hash <c>{prefix}gallery:item:&lt;id&gt;</c> (fields data, created, offset, source,
/// next), every change XADDed to the stream <c>{prefix}gallery:changes</c> (the entry id is the change offset) and
/// announced on the channel <c>{prefix}gallery:notify</c>. Hash and stream entry are written by one Lua script, so
/// they change together or not at all. The stream is trimmed behind the replicas' snapshots; a reader whose position
/// was trimmed away rebuilds from the item hashes. Uses the process's shared multiplexer; fails fast while it is
/// disconnected.
/// </summary>
internal sealed partial class RedisGalleryStore : IGalleryStore
{
    private readonly RedisStoreAccess _redis;
    private readonly string _prefix;
    private readonly RedisKey _stream;
    private readonly RedisKey _running;
    private readonly RedisKey _active;
    private readonly RedisKey _replicas;
    private readonly RedisKey _trimmed;
    private readonly RedisChannel _channel;
    private readonly StreamTrimming _trimming;

    public RedisGalleryStore(IConnectionMultiplexer redis, string keyPrefix, StreamTrimming trimming)
    {
        _channel = RedisChannel.Literal(keyPrefix + "gallery:notify");
        _redis = new RedisStoreAccess(redis, "the gallery storage", _channel);
        _prefix = keyPrefix;
        _trimming = trimming;
        _stream = keyPrefix + "gallery:changes";
        _running = keyPrefix + "gallery:reindexing";
        _active = keyPrefix + "gallery:active-version";
        _replicas = keyPrefix + "gallery:replica-snapshots";
        _trimmed = keyPrefix + "gallery:trimmed-before";
    }

    public string Description => _redis.Description;

    public bool IsAvailable => _redis.IsConnected;

    public RedisKey ItemKey(string id) => _prefix + "gallery:item:" + id;

    public async Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<ItemWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0) return [];
        var keys = new RedisKey[writes.Count + 1];
        var args = new RedisValue[writes.Count * 4 + 1];
        keys[0] = _stream;
        args[0] = _channel.ToString();
        for (var i = 0; i < writes.Count; i++)
        {
            keys[i + 1] = ItemKey(writes[i].Id);
            args[i * 4 + 1] = writes[i].Id;
            args[i * 4 + 2] = writes[i].Item;
            args[i * 4 + 3] = writes[i].SourceImage ?? [];
            args[i * 4 + 4] = writes[i].Next ?? [];
        }
        var result = (RedisResult[])(await _redis.RunAsync(db => db.ScriptEvaluateAsync(UpsertScript, keys, args), cancellationToken))!;
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
        var result = (RedisResult[])(await _redis.RunAsync(db => db.ScriptEvaluateAsync(DeleteScript, keys, args), cancellationToken))!;
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

    public async Task<IReadOnlyList<ChangeOffset?>> StageAsync(IReadOnlyList<StagedWrite> writes, CancellationToken cancellationToken)
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
            args[i * 3 + 2] = writes[i].Next;
            args[i * 3 + 3] = writes[i].BaseOffset.ToString();
        }
        var result = (RedisResult[])(await _redis.RunAsync(db => db.ScriptEvaluateAsync(StageScript, keys, args), cancellationToken))!;
        return [.. result.Select(r => r.ToString() is { Length: > 0 } s ? ChangeOffset.Parse(s) : (ChangeOffset?)null)];
    }

    public async Task<ChangeOffset> AppendMarkAsync(ReindexMark mark, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [_stream, _running, _active];
        RedisValue[] args = [_channel.ToString(), mark.Encode(), mark.Event.ToString().ToLowerInvariant(), mark.Version];
        var result = await _redis.RunAsync(db => db.ScriptEvaluateAsync(MarkScript, keys, args), cancellationToken);
        return ChangeOffset.Parse(result.ToString());
    }

    public async Task<StoredSource?> ReadSourceAsync(string id, CancellationToken cancellationToken)
    {
        var values = await _redis.RunAsync(db => db.HashGetAsync(ItemKey(id), ["offset", "source"]), cancellationToken);
        if (values[0].IsNull) return null;
        return new StoredSource(ChangeOffset.Parse(values[0].ToString()), values[1].IsNull ? null : (byte[])values[1]!);
    }

    public async Task<ChangeBatch> ReadChangesAsync(ChangeOffset after, int max, CancellationToken cancellationToken)
    {
        await _redis.EnsureSubscribedAsync();
        // XREAD before GET: if the trim point read afterwards is not past `after`, nothing after `after` was trimmed
        // before the XREAD ran (trims only move forward).
        var (entries, trimmed) = await _redis.RunAsync(async db =>
        {
            var read = db.StreamReadAsync(_stream, after.ToString(), max);
            var trim = db.StringGetAsync(_trimmed);
            return (await read, await trim);
        }, cancellationToken);
        var trimPoint = trimmed.IsNull ? ChangeOffset.Zero : ChangeOffset.Parse(trimmed.ToString());
        if (after == ChangeOffset.Zero && trimPoint > ChangeOffset.Zero) return await RebuildAsync(cancellationToken);
        if (after < trimPoint) return ChangeBatch.MustRestart;
        var changes = new List<GalleryChange>(entries.Length);
        foreach (var entry in entries)
            changes.Add(ToChange(entry));
        return new ChangeBatch(changes, changes.Count > 0 ? changes[^1].Offset : after);
    }

    public async Task WaitForChangesAsync(ChangeOffset after, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _redis.EnsureSubscribedAsync();
        await _redis.Notified.WaitAsync(timeout, cancellationToken);
    }

    public async Task CompactAsync(string replicaId, ChangeOffset covered, CancellationToken cancellationToken)
    {
        if (!_trimming.Enabled || covered == ChangeOffset.Zero) return;
        RedisKey[] keys = [_stream, _replicas, _trimmed];
        RedisValue[] args = [replicaId, covered.ToString(), (long)_trimming.ReplicaTtl.TotalMilliseconds, (long)_trimming.Margin.TotalMilliseconds];
        await _redis.RunAsync(db => db.ScriptEvaluateAsync(TrimScript, keys, args), cancellationToken);
    }

    private static GalleryChange ToChange(StreamEntry entry)
    {
        var offset = ChangeOffset.Parse(entry.Id.ToString());
        var id = entry["id"].ToString();
        switch (entry["op"].ToString())
        {
            case "d":
                return GalleryChange.Delete(offset, id);
            case "r":
                return new GalleryChange(offset, ChangeKind.Mark, id, null, Mark: ReindexMark.Decode(entry["mark"].ToString()));
            case "s":
                return new GalleryChange(offset, ChangeKind.Stage, id, null, Stamp((byte[])entry["next"]!, (long)entry["created"], offset));
            default:
                var next = entry["next"];
                return GalleryChange.Upsert(offset, Stamp((byte[])entry["data"]!, (long)entry["created"], offset),
                    next.IsNull ? null : Stamp((byte[])next!, (long)entry["created"], offset));
        }
    }

    /// <summary>The stored item with the times and offset the log assigned.</summary>
    private static GalleryItem Stamp(byte[] data, long createdMs, ChangeOffset offset)
    {
        var item = GalleryItem.Parser.ParseFrom(data);
        item.CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(createdMs));
        item.UpdateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds((long)offset.Major));
        item.ChangeOffset = offset.ToString();
        return item;
    }
}

/// <summary>
/// Trimming of the Redis change stream: to the oldest snapshot offset reported by a replica within
/// <see cref="ReplicaTtl"/>, minus <see cref="Margin"/> (stream ids are milliseconds).
/// </summary>
internal sealed record StreamTrimming(bool Enabled, TimeSpan Margin, TimeSpan ReplicaTtl);
