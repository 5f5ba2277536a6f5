using Google.Protobuf;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Search.Storage;

/// <summary>
/// One entry of the change log. For an upsert, <see cref="Item"/> is the whole item with create/update time and
/// change offset filled in from the log; for a delete it is null.
/// </summary>
internal sealed record GalleryChange(ChangeOffset Offset, string Id, GalleryItem? Item)
{
    public bool IsDelete => Item is null;
}

/// <summary>
/// Changes after a position; the reader has then seen the log through <see cref="Through"/> (at least the last
/// change's offset). <see cref="Truncated"/>: the log no longer holds the changes right after the position (compacted
/// away); the reader must start over from <see cref="ChangeOffset.Zero"/>, which yields the live items.
/// </summary>
internal sealed record ChangeBatch(IReadOnlyList<GalleryChange> Changes, ChangeOffset Through, bool Truncated = false)
{
    public static readonly ChangeBatch MustRestart = new([], ChangeOffset.Zero, true);
}

/// <summary>
/// An item to write: the serialized <see cref="GalleryItem"/> without times or offset (the store assigns those),
/// plus the source image kept for a future re-embed (null when upserted by embedding).
/// </summary>
internal sealed record ItemWrite(string Id, byte[] Item, byte[]? SourceImage);

/// <summary>Where an upsert landed and whether the item is new.</summary>
internal readonly record struct WriteOutcome(ChangeOffset Offset, bool Created);

/// <summary>Outcome of a delete: ids removed, ids that did not exist, offset of the last deletion (Zero if none).</summary>
internal sealed record DeleteOutcome(IReadOnlyList<string> Deleted, IReadOnlyList<string> NotFound, ChangeOffset LastOffset);

/// <summary>The storage provider cannot be reached; maps to UNAVAILABLE with <see cref="Exception.Message"/>.</summary>
internal sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException() : base("the gallery storage is unavailable")
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

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
}
