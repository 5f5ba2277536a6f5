using TwinGan.Contracts.Search.V1;
using TwinGan.Hnsw;
using TwinGan.Search.Storage;

namespace TwinGan.Search.Indexing;

/// <summary>
/// The replica as the request path sees it: the active <see cref="GalleryIndex"/> (swapped whole when the follower
/// loads a snapshot, starts over or applies a reindex switch), the staging index a running reindex builds beside it,
/// whether it has caught up, and why not. Changes are applied by one thread (the follower) in log order.
/// </summary>
internal sealed class Replica : IDisposable
{
    private volatile GalleryIndex _index;
    private volatile Staging? _staging;
    private volatile string? _notReadyReason = "the index is loading";

    public Replica(GalleryIndex initial) => _index = initial;

    /// <summary>A reindex's index being built beside the active one, from its begin mark.</summary>
    public sealed record Staging(ReindexMark Mark, GalleryIndex Index);

    public GalleryIndex Index => _index;

    public Staging? Next => _staging;

    /// <summary>Null when serving; otherwise a sentence for UNAVAILABLE and the health check.</summary>
    public string? NotReadyReason => _notReadyReason;

    public IndexSnapshot.Info? LastSnapshot { get; set; }

    public string? ConfiguredModelVersion { get; set; }

    /// <summary>Swaps the index (and drops any staging index). The old one is left to the GC: searches that started on it may still be running.</summary>
    public void Replace(GalleryIndex index)
    {
        _staging = null;
        _index = index;
    }

    public void SetNotReady(string reason) => _notReadyReason = reason;

    public void SetReady() => _notReadyReason = null;

    /// <summary>Active model version: configured, else the gallery's.</summary>
    public string? ModelVersion => Index.ModelVersion ?? ConfiguredModelVersion;

    public ChangeOffset Applied => Index.Applied;

    /// <summary>At host shutdown: the active index's native memory (indexes swapped out earlier are left to the GC).</summary>
    public void Dispose() => _index.Dispose();

    /// <summary>
    /// Applies one change to the active index and the staging index. Of an upsert's two forms (client write, dual-written
    /// re-embedding), each index takes the one of its own version; the staging index drops an item changed without a
    /// form of its version (it is then stale until re-embedded). Returns false when the active index could not index
    /// an upsert (kept but not searchable; the caller logs it).
    /// </summary>
    public bool Apply(GalleryChange change, Func<ReindexMark, HnswOptions> optionsOf)
    {
        var index = _index;
        var staging = _staging;
        var ok = true;
        switch (change.Kind)
        {
            case ChangeKind.Delete:
                index.Remove(change.Id);
                staging?.Index.Remove(change.Id);
                break;
            case ChangeKind.Upsert:
                var forActive = change.Next is not null && change.Next.ModelVersion == index.ModelVersion && change.Item!.ModelVersion != index.ModelVersion
                    ? change.Next : change.Item!;
                ok = index.Upsert(forActive);
                if (staging is not null) ApplyToStaging(staging, change.Id, change.Next ?? change.Item!);
                break;
            case ChangeKind.Stage:
                if (staging is not null) ApplyToStaging(staging, change.Id, change.Next!);
                else if (change.Next!.ModelVersion == index.ModelVersion && index.TryGet(change.Id, out _)) index.Upsert(change.Next);
                break;
            case ChangeKind.Mark:
                ApplyMark(change.Mark!, change.Offset, optionsOf);
                break;
        }
        _index.AdvanceTo(change.Offset);
        return ok;
    }

    private static void ApplyToStaging(Staging staging, string id, GalleryItem item)
    {
        if (item.ModelVersion == staging.Mark.Version) staging.Index.Upsert(item);
        else staging.Index.Remove(id);
    }

    private void ApplyMark(ReindexMark mark, ChangeOffset offset, Func<ReindexMark, HnswOptions> optionsOf)
    {
        var staging = _staging;
        switch (mark.Event)
        {
            case MarkEvent.Begin:
                // A worker that resumes may append its begin again: keep what was staged.
                if (staging?.Mark.ReindexId != mark.ReindexId || mark.ReindexId.Length == 0)
                    _staging = new Staging(mark, new GalleryIndex(optionsOf(mark), mark.Version));
                break;
            case MarkEvent.Abort:
                if (staging?.Mark.ReindexId == mark.ReindexId) _staging = null;
                break;
            case MarkEvent.Switch when staging is not null && staging.Mark.ReindexId == mark.ReindexId:
                // Items never re-embedded stay in the gallery, kept but not searchable in the new index.
                var old = _index;
                foreach (var item in old.Items)
                    if (!staging.Index.TryGet(item.Id, out _)) staging.Index.Upsert(item);
                staging.Index.AdvanceTo(offset);
                _staging = null;
                _index = staging.Index;
                old.AdvanceTo(offset);
                break;
            case MarkEvent.Switch:
                // A switch this replica did not stage (it started over from the live items): the items that follow carry the version.
                if (_index.ModelVersion != mark.Version)
                {
                    var previous = _index;
                    _index = new GalleryIndex(previous.Options, mark.Version);
                    _index.AdvanceTo(previous.Applied);
                }
                break;
        }
    }
}
