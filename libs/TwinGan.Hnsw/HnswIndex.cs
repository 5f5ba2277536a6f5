using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using TwinGan.Hnsw.Internal;

namespace TwinGan.Hnsw;

/// <summary>
/// Approximate k-NN index: a Hierarchical Navigable Small World graph (Malkov &amp; Yashunin 2018) over internal ids,
/// with the caller's keys mapped to them. Thread-safe: any number of searches run lock-free alongside inserts, updates
/// and deletes; see docs/hnsw.md for parameters, threading and the file format.
/// </summary>
public sealed partial class HnswIndex<TKey> : IVectorIndex<TKey>, IDisposable
    where TKey : notnull
{
    private const int KeyLockStripes = 1024;
    private const int StackallocResults = 128;

    private readonly HnswGraph _graph;
    private readonly ConcurrentDictionary<TKey, int> _ids;
    private readonly Lock[] _keyLocks;
    private readonly Lock _slotLock = new();
    private readonly Stack<int> _freeSlots = new();
    private readonly ReaderWriterLockSlim _snapshotLock = new(LockRecursionPolicy.NoRecursion);
    private TKey[] _keys;
    private int _count;

    /// <summary>Creates an empty index for vectors of <paramref name="dimension"/> floats.</summary>
    public HnswIndex(int dimension, DistanceMetric metric, HnswOptions? options = null, IEqualityComparer<TKey>? comparer = null)
        : this(CreateGraph(dimension, metric, options ??= new HnswOptions()), options, comparer)
    {
    }

    internal HnswIndex(HnswGraph graph, HnswOptions options, IEqualityComparer<TKey>? comparer)
    {
        _graph = graph;
        Options = options;
        _ids = new ConcurrentDictionary<TKey, int>(comparer);
        _keyLocks = new Lock[KeyLockStripes];
        for (var i = 0; i < _keyLocks.Length; i++)
            _keyLocks[i] = new Lock();
        _keys = new TKey[graph.Capacity];
    }

    /// <inheritdoc />
    public int Dimension => _graph.Dimension;

    /// <inheritdoc />
    public DistanceMetric Metric => _graph.Metric;

    /// <summary>The parameters the index was built with.</summary>
    public HnswOptions Options { get; }

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _count);

    /// <summary>Slots in use, including deleted ones not yet reused.</summary>
    public int SlotCount => _graph.Allocated;

    /// <summary>Slots available before the store has to grow.</summary>
    public int Capacity => _graph.Capacity;

    /// <summary>Top layer of the graph.</summary>
    public int MaxLevel => _graph.MaxLevel;

    /// <summary>The graph itself, for the benchmark runner's path-forcing measurements.</summary>
    internal HnswGraph Graph => _graph;

    /// <summary>Grows the store to hold <paramref name="capacity"/> vectors at once (like hnswlib's maxElements).</summary>
    public void Reserve(int capacity)
    {
        _graph.Reserve(capacity);
        lock (_slotLock)
            EnsureKeyCapacity(capacity - 1);
    }

    /// <inheritdoc />
    public bool Contains(TKey key) => _ids.ContainsKey(key);

    /// <summary>The internal id of a live key (for filters over internal ids, e.g. a domain or tag bitmap).</summary>
    public bool TryGetInternalId(TKey key, out int internalId) => _ids.TryGetValue(key, out internalId);

    /// <summary>The key stored at a live internal id.</summary>
    public TKey GetKey(int internalId)
    {
        if (!_graph.IsLive(internalId))
            throw new ArgumentOutOfRangeException(nameof(internalId), internalId, "No live vector has this internal id.");
        return Volatile.Read(ref _keys)[internalId];
    }

    /// <summary>Copies the stored vector of <paramref name="key"/> (normalised for cosine); false when absent.</summary>
    public bool TryGetVector(TKey key, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Dimension, nameof(destination));
        if (!_ids.TryGetValue(key, out var id))
            return false;
        _graph.CopyVector(id, destination);
        return true;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<TKey> GetKeys() => [.. _ids.Keys];

    /// <inheritdoc />
    public void Add(TKey key, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateVector(vector, nameof(vector));
        lock (KeyLock(key))
        {
            _snapshotLock.EnterReadLock();
            try
            {
                if (_ids.ContainsKey(key))
                    throw new ArgumentException($"Key '{key}' is already in the index; use Update.", nameof(key));
                var (id, reused) = TakeSlot(key);
                if (reused)
                    _graph.Relink(id, vector, revive: true);
                else
                    _graph.InsertNew(id, vector);
                _ids[key] = id;
                Interlocked.Increment(ref _count);
            }
            finally
            {
                _snapshotLock.ExitReadLock();
            }
        }
    }

    /// <inheritdoc />
    public void Update(TKey key, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateVector(vector, nameof(vector));
        lock (KeyLock(key))
        {
            _snapshotLock.EnterReadLock();
            try
            {
                if (!_ids.TryGetValue(key, out var id))
                    throw new KeyNotFoundException($"Key '{key}' is not in the index.");
                _graph.Relink(id, vector, revive: false);
            }
            finally
            {
                _snapshotLock.ExitReadLock();
            }
        }
    }

    /// <summary>Adds the key, or updates its vector when it is already present.</summary>
    public void AddOrUpdate(TKey key, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (KeyLock(key))
        {
            if (_ids.ContainsKey(key))
                Update(key, vector);
            else
                Add(key, vector);
        }
    }

    /// <inheritdoc />
    public bool Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (KeyLock(key))
        {
            _snapshotLock.EnterReadLock();
            try
            {
                if (!_ids.TryRemove(key, out var id))
                    return false;
                _graph.MarkDeleted(id);
                Interlocked.Decrement(ref _count);
                if (Options.ReuseDeletedSlots)
                {
                    lock (_slotLock)
                        _freeSlots.Push(id);
                }
                return true;
            }
            finally
            {
                _snapshotLock.ExitReadLock();
            }
        }
    }

    /// <inheritdoc />
    public int Search(ReadOnlySpan<float> query, Span<Neighbor<TKey>> results, int ef = 0, Func<TKey, bool>? filter = null) =>
        SearchCore(query, results, ef, filter is null ? null : ByInternalId(filter));

    /// <summary>
    /// Search restricted to internal ids <paramref name="allowInternalId"/> accepts (cheaper than a key filter: no key
    /// lookup per visited node). Deleted nodes are never passed to it.
    /// </summary>
    public int SearchWithInternalFilter(ReadOnlySpan<float> query, Span<Neighbor<TKey>> results, Func<int, bool> allowInternalId, int ef = 0)
    {
        ArgumentNullException.ThrowIfNull(allowInternalId);
        return SearchCore(query, results, ef, allowInternalId);
    }

    /// <inheritdoc />
    public Neighbor<TKey>[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<TKey, bool>? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var results = new Neighbor<TKey>[k];
        var n = Search(query, results, ef, filter);
        return n == k ? results : results[..n];
    }

    /// <inheritdoc />
    public Neighbor<TKey>[][] SearchBatch(ReadOnlyMemory<float> queries, int k, int ef = 0, Func<TKey, bool>? filter = null)
    {
        if (queries.Length % Dimension != 0)
            throw new ArgumentException($"Query buffer length {queries.Length} is not a multiple of the dimension {Dimension}.", nameof(queries));
        var results = new Neighbor<TKey>[queries.Length / Dimension][];
        var dimension = Dimension;
        Parallel.For(0, results.Length, i => results[i] = Search(queries.Span.Slice(i * dimension, dimension), k, ef, filter));
        return results;
    }

    /// <summary>
    /// Structural check of the graph (hnswlib checkIntegrity plus reachability) and of the key map. Blocks writers,
    /// not searches, while it runs.
    /// </summary>
    public IntegrityReport CheckIntegrity()
    {
        _snapshotLock.EnterWriteLock();
        try
        {
            var report = _graph.CheckIntegrity();
            var errors = report.Errors.ToList();
            if (report.Live != _count)
                errors.Add($"{report.Live} live nodes but {_count} keys");
            foreach (var (key, id) in _ids)
            {
                if (!_graph.IsLive(id))
                    errors.Add($"key '{key}' maps to {id}, which is not a live node");
                else if (!_ids.Comparer.Equals(_keys[id], key))
                    errors.Add($"key '{key}' maps to {id}, which stores key '{_keys[id]}'");
            }
            return new IntegrityReport(report.Slots, report.Live, report.Deleted, report.MaxLevel, errors);
        }
        finally
        {
            _snapshotLock.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _snapshotLock.Dispose();
        _graph.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SearchCore(ReadOnlySpan<float> query, Span<Neighbor<TKey>> results, int ef, Func<int, bool>? filter)
    {
        if (query.Length != Dimension)
            throw new ArgumentException($"Query has {query.Length} values; the index dimension is {Dimension}.", nameof(query));
        var k = results.Length;
        if (k == 0 || Count == 0)
            return 0;
        int[]? rentedIds = null;
        float[]? rentedDistances = null;
        var ids = k <= StackallocResults ? stackalloc int[k] : (rentedIds = ArrayPool<int>.Shared.Rent(k)).AsSpan(0, k);
        var distances = k <= StackallocResults ? stackalloc float[k] : (rentedDistances = ArrayPool<float>.Shared.Rent(k)).AsSpan(0, k);
        try
        {
            var beam = Math.Max(ef > 0 ? ef : Options.DefaultEf, k);
            var threshold = filter is null ? 0 : Options.BruteForceSelectivity ?? Math.Sqrt(4.0 * beam / Math.Max(1, Count));
            var n = _graph.Search(query, beam, filter, threshold, ids, distances);
            var keys = Volatile.Read(ref _keys);
            for (var i = 0; i < n; i++)
                results[i] = new Neighbor<TKey>(keys[ids[i]], distances[i]);
            return n;
        }
        finally
        {
            if (rentedIds is not null)
                ArrayPool<int>.Shared.Return(rentedIds);
            if (rentedDistances is not null)
                ArrayPool<float>.Shared.Return(rentedDistances);
        }
    }

    /// <summary>Adapts a key filter to internal ids (a separate method so the unfiltered path allocates no closure).</summary>
    private Func<int, bool> ByInternalId(Func<TKey, bool> filter) => id => filter(Volatile.Read(ref _keys)[id]);

    private (int Id, bool Reused) TakeSlot(TKey key)
    {
        lock (_slotLock)
        {
            if (_freeSlots.TryPop(out var free))
            {
                _keys[free] = key;
                return (free, true);
            }
        }
        var id = _graph.AllocateSlot();
        lock (_slotLock)
        {
            EnsureKeyCapacity(id);
            _keys[id] = key;
        }
        return (id, false);
    }

    private void EnsureKeyCapacity(int id)
    {
        if (id < _keys.Length)
            return;
        var grown = new TKey[Math.Max(id + 1, _graph.Capacity)];
        Array.Copy(_keys, grown, _keys.Length);
        Volatile.Write(ref _keys, grown);
    }

    private Lock KeyLock(TKey key) => _keyLocks[(_ids.Comparer.GetHashCode(key) & int.MaxValue) % KeyLockStripes];

    private void ValidateVector(ReadOnlySpan<float> vector, string paramName)
    {
        if (vector.Length != Dimension)
            throw new ArgumentException($"Vector has {vector.Length} values; the index dimension is {Dimension}.", paramName);
        var norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm))
            throw new ArgumentException("Vector contains NaN or infinite values.", paramName);
        if (Metric == DistanceMetric.Cosine && norm == 0f)
            throw new ArgumentException("A cosine index cannot store a zero vector.", paramName);
    }

    private static HnswGraph CreateGraph(int dimension, DistanceMetric metric, HnswOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (!Enum.IsDefined(metric))
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        options.Validate();
        return new HnswGraph(dimension, metric, options.M, options.EfConstruction, options.Seed, options.InitialCapacity);
    }
}
