using Google.Protobuf;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Search.Storage;

/// <summary>What a change-log entry does.</summary>
internal enum ChangeKind
{
    /// <summary>A client write: <see cref="GalleryChange.Item"/>, plus <see cref="GalleryChange.Next"/> when it was also embedded for a running reindex.</summary>
    Upsert,

    /// <summary>The item was deleted.</summary>
    Delete,

    /// <summary>A reindex worker re-embedded the item: <see cref="GalleryChange.Next"/> only.</summary>
    Stage,

    /// <summary>A reindex began, switched or ended: <see cref="GalleryChange.Mark"/>.</summary>
    Mark,
}

/// <summary>
/// One entry of the change log. For an upsert, <see cref="Item"/> is the whole item with create/update time and
/// change offset filled in from the log, and <see cref="Next"/> the same item embedded with a running reindex's target
/// version (null when not dual-written). A stage carries only <see cref="Next"/>; a mark only <see cref="Mark"/>.
/// </summary>
internal sealed record GalleryChange(ChangeOffset Offset, ChangeKind Kind, string Id, GalleryItem? Item, GalleryItem? Next = null, ReindexMark? Mark = null)
{
    public bool IsDelete => Kind == ChangeKind.Delete;

    public static GalleryChange Upsert(ChangeOffset offset, GalleryItem item, GalleryItem? next = null) => new(offset, ChangeKind.Upsert, item.Id, item, next);

    public static GalleryChange Delete(ChangeOffset offset, string id) => new(offset, ChangeKind.Delete, id, null);
}

/// <summary>
/// Changes after a position; the reader has then seen the log through <see cref="Through"/> (at least the last
/// change's offset). <see cref="Truncated"/>: the log no longer holds the changes right after the position (compacted
/// or trimmed away); the reader must start over from <see cref="ChangeOffset.Zero"/>, which yields the live items.
/// </summary>
internal sealed record ChangeBatch(IReadOnlyList<GalleryChange> Changes, ChangeOffset Through, bool Truncated = false)
{
    public static readonly ChangeBatch MustRestart = new([], ChangeOffset.Zero, true);
}

/// <summary>
/// An item to write: the serialized <see cref="GalleryItem"/> without times or offset (the store assigns those), the
/// same item embedded with a running reindex's target version (<see cref="Next"/>, null when not dual-written), and
/// the source (serialized <see cref="ImageContent"/>) kept for a future re-embed (null when upserted by embedding).
/// </summary>
internal sealed record ItemWrite(string Id, byte[] Item, byte[]? SourceImage, byte[]? Next = null);

/// <summary>A re-embedded item for a reindex, written only if the item's last client write is still <see cref="BaseOffset"/>.</summary>
internal sealed record StagedWrite(string Id, byte[] Next, ChangeOffset BaseOffset);

/// <summary>What a reindex worker needs of a stored item: its last client write's offset and its source image (null: none kept).</summary>
internal sealed record StoredSource(ChangeOffset Offset, byte[]? Source);

/// <summary>Where an upsert landed and whether the item is new.</summary>
internal readonly record struct WriteOutcome(ChangeOffset Offset, bool Created);

/// <summary>Outcome of a delete: ids removed, ids that did not exist, offset of the last deletion (Zero if none).</summary>
internal sealed record DeleteOutcome(IReadOnlyList<string> Deleted, IReadOnlyList<string> NotFound, ChangeOffset LastOffset);

/// <summary>The stored form of an item: everything but the times and offset, which the store assigns.</summary>
internal static class GalleryItemBytes
{
    public static byte[] ToStored(GalleryItem item)
    {
        var copy = item.Clone();
        copy.CreateTime = null;
        copy.UpdateTime = null;
        copy.ChangeOffset = "";
        return copy.ToByteArray();
    }

    /// <summary>
    /// Of an item's stored forms (its last client write and its staged re-embedding), the one of the active version and
    /// the one of the running reindex's target; when neither matches the active version, the client write (kept, not indexed).
    /// </summary>
    public static (GalleryItem Item, GalleryItem? Next) Resolve(GalleryItem data, GalleryItem? staged, string? activeVersion, string? targetVersion)
    {
        var item = activeVersion is not null && data.ModelVersion != activeVersion && staged?.ModelVersion == activeVersion ? staged : data;
        GalleryItem? next = null;
        if (targetVersion is not null && targetVersion != item.ModelVersion)
        {
            if (staged?.ModelVersion == targetVersion) next = staged;
            else if (data.ModelVersion == targetVersion) next = data;
        }
        return (item, next);
    }
}
