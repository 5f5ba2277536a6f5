using StackExchange.Redis;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Search.Storage;

/// <summary>Rebuilding a replica from the item hashes, for readers whose stream position was trimmed away.</summary>
internal sealed partial class RedisGalleryStore
{
    private const int RebuildChunk = 256;

    /// <summary>
    /// Every live item (as of the scan) with the stream's last id read first as <c>Through</c>: writes racing the scan
    /// are replayed after it, and applying an upsert or delete twice changes nothing. Starts with the active version
    /// (a switch mark) and the running reindex (its begin mark), so the reader indexes the right versions.
    /// </summary>
    private async Task<ChangeBatch> RebuildAsync(CancellationToken cancellationToken)
    {
        var (through, active, running) = await _redis.RunAsync(async db =>
        {
            var info = await db.StreamInfoAsync(_stream);
            return (ChangeOffset.Parse(info.LastGeneratedId.ToString()), await db.StringGetAsync(_active), await db.StringGetAsync(_running));
        }, cancellationToken);
        var changes = new List<GalleryChange>();
        string? activeVersion = active.IsNull ? null : active.ToString();
        var begin = running.IsNull ? null : ReindexMark.Decode(running.ToString());
        if (activeVersion is not null)
            changes.Add(new GalleryChange(through, ChangeKind.Mark, "", null, Mark: new ReindexMark(MarkEvent.Switch, "", activeVersion, 0, 0, 0)));
        if (begin is not null) changes.Add(new GalleryChange(through, ChangeKind.Mark, "", null, Mark: begin));
        var server = _redis.Redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica)
            ?? throw _redis.Unavailable("has no connected primary");
        var chunk = new List<RedisKey>(RebuildChunk);
        await foreach (var key in server.KeysAsync(pattern: _prefix + "gallery:item:*", pageSize: 1000).WithCancellation(cancellationToken))
        {
            chunk.Add(key);
            if (chunk.Count < RebuildChunk) continue;
            changes.AddRange(await ReadItemsAsync(chunk, through, activeVersion, begin?.Version, cancellationToken));
            chunk.Clear();
        }
        changes.AddRange(await ReadItemsAsync(chunk, through, activeVersion, begin?.Version, cancellationToken));
        return new ChangeBatch(changes, through);
    }

    private async Task<List<GalleryChange>> ReadItemsAsync(
        List<RedisKey> keys, ChangeOffset through, string? activeVersion, string? targetVersion, CancellationToken cancellationToken)
    {
        RedisValue[] fields = ["data", "created", "offset", "next"];
        var rows = await _redis.RunAsync(db => Task.WhenAll(keys.Select(k => db.HashGetAsync(k, fields))), cancellationToken);
        var changes = new List<GalleryChange>(rows.Length);
        foreach (var row in rows)
        {
            if (row[0].IsNull || row[2].IsNull) continue;
            var offset = ChangeOffset.Parse(row[2].ToString());
            var created = (long)row[1];
            var data = Stamp((byte[])row[0]!, created, offset);
            GalleryItem? staged = row[3].IsNull ? null : Stamp((byte[])row[3]!, created, offset);
            var (item, next) = GalleryItemBytes.Resolve(data, staged, activeVersion, targetVersion);
            // Offset = through for all: the reader must not advance past writes it has not seen yet.
            changes.Add(GalleryChange.Upsert(through, item, next));
        }
        return changes;
    }
}
