using TwinGan.Search.Storage;

namespace TwinGan.Search.Indexing;

/// <summary>
/// The replica as the request path sees it: the current <see cref="GalleryIndex"/> (swapped whole when the follower
/// loads a snapshot or starts over), whether it has caught up, and why not.
/// </summary>
internal sealed class Replica
{
    private volatile GalleryIndex _index;
    private volatile string? _notReadyReason = "the index is loading";

    public Replica(GalleryIndex initial) => _index = initial;

    public GalleryIndex Index => _index;

    /// <summary>Null when serving; otherwise a sentence for UNAVAILABLE and the health check.</summary>
    public string? NotReadyReason => _notReadyReason;

    public IndexSnapshot.Info? LastSnapshot { get; set; }

    public string? ConfiguredModelVersion { get; set; }

    /// <summary>Swaps the index. The old one is left to the GC: searches that started on it may still be running.</summary>
    public void Replace(GalleryIndex index) => _index = index;

    public void SetNotReady(string reason) => _notReadyReason = reason;

    public void SetReady() => _notReadyReason = null;

    /// <summary>Active model version: configured, else the gallery's.</summary>
    public string? ModelVersion => Index.ModelVersion ?? ConfiguredModelVersion;

    public ChangeOffset Applied => Index.Applied;
}
