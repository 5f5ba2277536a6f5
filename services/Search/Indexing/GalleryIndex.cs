using System.Collections.Concurrent;
using TwinGan.Contracts.Search.V1;
using TwinGan.Hnsw;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search.Indexing;

/// <summary>
/// This replica's view of the gallery: every live item (with its embedding) and one cosine HNSW index over the
/// embeddings, as of <see cref="Applied"/>. One writer (the follower applies changes in log order); any number of
/// concurrent readers. The first indexed item fixes the dimension and model version unless configured.
/// </summary>
internal sealed class GalleryIndex : IDisposable
{
    private readonly ConcurrentDictionary<string, GalleryItem> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _perDomain = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unindexed = new(StringComparer.Ordinal);
    private readonly AsyncSignal _advanced = new();
    private readonly Dictionary<string, int> _domainCodes = new(StringComparer.Ordinal);
    private volatile int[] _domainBySlot = new int[1024];
    private readonly HnswOptions _options;
    private HnswIndex<string>? _hnsw;
    private ChangeOffset _applied;
    private string? _modelVersion;
    private long _itemBytes;

    public GalleryIndex(HnswOptions options, string? modelVersion)
    {
        _options = options;
        _modelVersion = string.IsNullOrEmpty(modelVersion) ? null : modelVersion;
    }

    /// <summary>Rebuilds a replica from a snapshot's parts.</summary>
    public GalleryIndex(HnswOptions options, HnswIndex<string>? hnsw, IEnumerable<GalleryItem> items, ChangeOffset applied, string? modelVersion)
        : this(options, modelVersion)
    {
        _hnsw = hnsw;
        foreach (var item in items)
        {
            var indexed = hnsw is not null && hnsw.Contains(item.Id);
            Track(item, indexed);
            if (indexed) MarkSlot(item);
        }
        _applied = applied;
    }

    public HnswOptions Options => _options;

    public ChangeOffset Applied
    {
        get { lock (_advanced) return _applied; }
    }

    /// <summary>Model version of the indexed embeddings; null while the gallery is empty and none is configured.</summary>
    public string? ModelVersion => Volatile.Read(ref _modelVersion);

    /// <summary>Embedding dimension; 0 while nothing is indexed.</summary>
    public int Dimension => _hnsw?.Dimension ?? 0;

    public int Count => _items.Count;

    public int Slots => _hnsw?.SlotCount ?? 0;

    public HnswIndex<string>? Hnsw => _hnsw;

    public Dictionary<string, long> PerDomain => _perDomain.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value);

    public long MemoryBytes =>
        Interlocked.Read(ref _itemBytes) + (long)Slots * (4L * Dimension + 4L * (2 * _options.M + 1));

    public bool HasDomain(string domain) => _perDomain.TryGetValue(domain, out var n) && n > 0;

    public bool TryGet(string id, out GalleryItem item) => _items.TryGetValue(id, out item!);

    /// <summary>Whether the item is searchable (live and of this index's model version and dimension).</summary>
    public bool IsIndexed(string id) => _items.ContainsKey(id) && !_unindexed.ContainsKey(id);

    /// <summary>Live items kept but not searchable: their embedding is of another model version or dimension.</summary>
    public int UnindexedCount => _unindexed.Count;

    public IEnumerable<GalleryItem> Items => _items.Values;

    /// <summary>
    /// Inserts or replaces an item. Returns false when it cannot be indexed (another dimension or model version than the
    /// index's): it is then kept (GetItem, ListItems) but not searchable, and the caller logs it.
    /// </summary>
    public bool Upsert(GalleryItem item)
    {
        var embedding = item.Embedding;
        var version = embedding?.ModelVersion ?? item.ModelVersion;
        if (_modelVersion is null) Volatile.Write(ref _modelVersion, version);
        var indexable = embedding is not null && version == _modelVersion && (_hnsw is null || _hnsw.Dimension == embedding.Values.Count);
        // Replace = tombstone + fresh insert: HnswIndex.Update (and slot reuse, which relinks the same way) can throw
        // when the moved node is the entry point (reported to the HNSW owner), so the replica never relinks in place.
        _hnsw?.Remove(item.Id);
        if (indexable)
        {
            _hnsw ??= new HnswIndex<string>(embedding!.Values.Count, TwinGan.Hnsw.DistanceMetric.Cosine, _options with { ModelVersion = version },
                StringComparer.Ordinal);
            _hnsw.Add(item.Id, embedding!.Values.ToArray());
            MarkSlot(item);
        }
        if (_items.TryGetValue(item.Id, out var old)) Untrack(old);
        Track(item, indexable);
        return indexable;
    }

    /// <summary>Removes an item (no-op when absent).</summary>
    public void Remove(string id)
    {
        if (!_items.TryGetValue(id, out var old)) return;
        _hnsw?.Remove(id);
        Untrack(old);
        _items.TryRemove(id, out _);
    }

    /// <summary>Records that the log was read through <paramref name="offset"/> (releases read-your-writes waiters).</summary>
    public void AdvanceTo(ChangeOffset offset)
    {
        lock (_advanced)
        {
            if (offset <= _applied) return;
            _applied = offset;
        }
        _advanced.Set();
    }

    /// <summary>Waits until <see cref="Applied"/> reaches <paramref name="offset"/>; false on timeout.</summary>
    public async Task<bool> WaitForAsync(ChangeOffset offset, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        while (Applied < offset)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return false;
            await _advanced.WaitAsync(left, cancellationToken);
        }
        return true;
    }

    public int Search(ReadOnlySpan<float> query, Span<Neighbor<string>> results, int ef, Func<string, bool> filter) =>
        _hnsw is null ? 0 : _hnsw.Search(query, results, ef, filter);

    /// <summary>
    /// Search restricted by domain through a code per HNSW slot (no key lookup per visited node): only
    /// <paramref name="target"/>, or when empty every domain but <paramref name="excluded"/>; never
    /// <paramref name="excludeId"/>.
    /// </summary>
    public int SearchByDomain(ReadOnlySpan<float> query, Span<Neighbor<string>> results, int ef, string target, string excluded, string? excludeId)
    {
        var hnsw = _hnsw;
        if (hnsw is null) return 0;
        var codes = _domainBySlot;
        var skip = excludeId is not null && hnsw.TryGetInternalId(excludeId, out var slot) ? slot : -1;
        int want = 0, not = 0;
        lock (_domainCodes)
        {
            if (target.Length > 0 && !_domainCodes.TryGetValue(target, out want)) return 0;
            if (target.Length == 0 && excluded.Length > 0) _domainCodes.TryGetValue(excluded, out not);
        }
        if (want == 0 && not == 0 && skip < 0) return hnsw.Search(query, results, ef);
        // Codes start at 1: a slot whose code is not written yet (0, an insert racing this search) is never admitted.
        Func<int, bool> allow = want != 0
            ? id => (uint)id < (uint)codes.Length && codes[id] == want && id != skip
            : id => (uint)id < (uint)codes.Length && codes[id] != 0 && codes[id] != not && id != skip;
        return hnsw.SearchWithInternalFilter(query, results, allow, ef);
    }

    private void MarkSlot(GalleryItem item)
    {
        if (_hnsw is null || !_hnsw.TryGetInternalId(item.Id, out var slot)) return;
        int code;
        lock (_domainCodes)
        {
            if (!_domainCodes.TryGetValue(item.Domain, out code)) _domainCodes[item.Domain] = code = _domainCodes.Count + 1;
        }
        var codes = _domainBySlot;
        if (slot >= codes.Length)
        {
            var grown = new int[Math.Max(slot + 1, codes.Length * 2)];
            codes.CopyTo(grown, 0);
            codes = grown;
        }
        codes[slot] = code;
        _domainBySlot = codes;
    }

    private void Track(GalleryItem item, bool indexed)
    {
        _items[item.Id] = item;
        if (indexed) _unindexed.TryRemove(item.Id, out _);
        else _unindexed[item.Id] = true;
        _perDomain.AddOrUpdate(item.Domain, 1, (_, n) => n + 1);
        Interlocked.Add(ref _itemBytes, item.CalculateSize());
    }

    private void Untrack(GalleryItem item)
    {
        _unindexed.TryRemove(item.Id, out _);
        _perDomain.AddOrUpdate(item.Domain, 0, (_, n) => n - 1);
        Interlocked.Add(ref _itemBytes, -item.CalculateSize());
    }

    public void Dispose() => _hnsw?.Dispose();
}
