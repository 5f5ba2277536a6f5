using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using TwinGan.Hnsw.Internal;

namespace TwinGan.Hnsw;

/// <summary>
/// Exact k-NN by scanning every vector: the test oracle for <see cref="HnswIndex{TKey}"/> and the right choice for
/// small collections. Vectors live in one contiguous array; deletes move the last vector into the hole. Searches
/// share a reader lock, writes take it exclusively.
/// </summary>
public sealed class BruteForceIndex<TKey> : IVectorIndex<TKey>, IDisposable
    where TKey : notnull
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<TKey, int> _rows;
    private readonly List<TKey> _keys = [];
    private float[] _vectors;

    /// <summary>Creates an empty index for vectors of <paramref name="dimension"/> floats.</summary>
    public BruteForceIndex(int dimension, DistanceMetric metric, int initialCapacity = 1024, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, 1);
        if (!Enum.IsDefined(metric))
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        Dimension = dimension;
        Metric = metric;
        _rows = new Dictionary<TKey, int>(comparer);
        _vectors = new float[initialCapacity * dimension];
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public DistanceMetric Metric { get; }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _keys.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <inheritdoc />
    public bool Contains(TKey key)
    {
        _lock.EnterReadLock();
        try
        {
            return _rows.ContainsKey(key);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<TKey> GetKeys()
    {
        _lock.EnterReadLock();
        try
        {
            return [.. _keys];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public void Add(TKey key, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckDimension(vector.Length, nameof(vector));
        _lock.EnterWriteLock();
        try
        {
            if (_rows.ContainsKey(key))
                throw new ArgumentException($"Key '{key}' is already in the index; use Update.", nameof(key));
            var row = _keys.Count;
            if ((row + 1) * Dimension > _vectors.Length)
                Array.Resize(ref _vectors, Math.Max(_vectors.Length * 2, (row + 1) * Dimension));
            Store(row, vector);
            _rows.Add(key, row);
            _keys.Add(key);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public void Update(TKey key, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckDimension(vector.Length, nameof(vector));
        _lock.EnterWriteLock();
        try
        {
            if (!_rows.TryGetValue(key, out var row))
                throw new KeyNotFoundException($"Key '{key}' is not in the index.");
            Store(row, vector);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public bool Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _lock.EnterWriteLock();
        try
        {
            if (!_rows.Remove(key, out var row))
                return false;
            var last = _keys.Count - 1;
            if (row != last)
            {
                _vectors.AsSpan(last * Dimension, Dimension).CopyTo(_vectors.AsSpan(row * Dimension, Dimension));
                _keys[row] = _keys[last];
                _rows[_keys[row]] = row;
            }
            _keys.RemoveAt(last);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public int Search(ReadOnlySpan<float> query, Span<Neighbor<TKey>> results, int ef = 0, Func<TKey, bool>? filter = null)
    {
        CheckDimension(query.Length, nameof(query));
        if (results.IsEmpty)
            return 0;
        var q = new float[Dimension];
        if (Metric == DistanceMetric.Cosine)
            VectorMath.Normalize(query, q);
        else
            query.CopyTo(q);
        var top = new CandidateHeap<FarthestFirst>(results.Length + 1);
        _lock.EnterReadLock();
        try
        {
            ref var vectors = ref MemoryMarshal.GetArrayDataReference(_vectors);
            for (var row = 0; row < _keys.Count; row++)
            {
                if (filter is not null && !filter(_keys[row]))
                    continue;
                ref var v = ref System.Runtime.CompilerServices.Unsafe.Add(ref vectors, row * Dimension);
                var d = Metric == DistanceMetric.L2
                    ? VectorMath.L2Squared(ref q[0], ref v, Dimension)
                    : 1f - VectorMath.Dot(ref q[0], ref v, Dimension);
                if (top.Count < results.Length)
                    top.Push(d, row);
                else if (d < top.Top.Distance)
                {
                    top.Pop();
                    top.Push(d, row);
                }
            }
            var n = top.Count;
            for (var i = n - 1; i >= 0; i--)
            {
                var c = top.Pop();
                results[i] = new Neighbor<TKey>(_keys[c.Id], c.Distance);
            }
            return n;
        }
        finally
        {
            _lock.ExitReadLock();
        }
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

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    private void Store(int row, ReadOnlySpan<float> vector)
    {
        if (!float.IsFinite(TensorPrimitives.Norm(vector)))
            throw new ArgumentException("Vector contains NaN or infinite values.", nameof(vector));
        var destination = _vectors.AsSpan(row * Dimension, Dimension);
        if (Metric == DistanceMetric.Cosine)
            VectorMath.Normalize(vector, destination);
        else
            vector.CopyTo(destination);
    }

    private void CheckDimension(int length, string paramName)
    {
        if (length != Dimension)
            throw new ArgumentException($"Vector has {length} values; the index dimension is {Dimension}.", paramName);
    }
}
