using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search.Storage;

/// <summary>
/// The gallery's source of truth: items plus an ordered change log every replica follows. Writes return only once
/// durable. Implementations: <see cref="RedisGalleryStore"/> (hash per item + stream) and
/// <see cref="FileGalleryStore"/> (append-only log + snapshot). Failures to reach the provider throw
/// <see cref="StoreUnavailableException"/>.
/// </summary>
internal interface IGalleryStore
{
    /// <summary>Human-readable location for messages, e.g. "redis at 127.0.0.1:6379".</summary>
    string Description { get; }

    /// <summary>Whether the provider is reachable right now (cheap; used to fail fast).</summary>
    bool IsAvailable { get; }

    /// <summary>Writes the items atomically, in order; returns one outcome per item.</summary>
    Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<ItemWrite> writes, CancellationToken cancellationToken);

    /// <summary>Deletes the items that exist; missing ids are reported, not an error.</summary>
    Task<DeleteOutcome> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Writes re-embedded items of a reindex. Each is written (and logged as a stage) only if the item still exists and
    /// its last client write is at the given base offset; returns the stage's offset, or null when it was skipped.
    /// </summary>
    Task<IReadOnlyList<ChangeOffset?>> StageAsync(IReadOnlyList<StagedWrite> writes, CancellationToken cancellationToken);

    /// <summary>Appends a reindex mark to the log (and records the running reindex / active version with it).</summary>
    Task<ChangeOffset> AppendMarkAsync(ReindexMark mark, CancellationToken cancellationToken);

    /// <summary>The offset of an item's last client write and its kept source image; null when the item does not exist.</summary>
    Task<StoredSource?> ReadSourceAsync(string id, CancellationToken cancellationToken);

    /// <summary>Up to about <paramref name="max"/> changes after <paramref name="after"/>, oldest first.</summary>
    Task<ChangeBatch> ReadChangesAsync(ChangeOffset after, int max, CancellationToken cancellationToken);

    /// <summary>Returns when a change after <paramref name="after"/> may exist, or after <paramref name="timeout"/>.</summary>
    Task WaitForChangesAsync(ChangeOffset after, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the store that replica <paramref name="replicaId"/> wrote a snapshot covering everything up to
    /// <paramref name="covered"/>, so older log entries may be dropped: the file log is compacted, the Redis stream
    /// trimmed (see docs/search.md). A reader whose position was dropped gets <see cref="ChangeBatch.MustRestart"/>.
    /// </summary>
    Task CompactAsync(string replicaId, ChangeOffset covered, CancellationToken cancellationToken);
}
