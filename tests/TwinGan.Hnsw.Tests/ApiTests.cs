using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

public class ApiTests
{
    private const int Dim = 8;
    private static readonly float[] Data = TestData.Clustered(200, Dim, seed: 71);

    public static TheoryData<string> Implementations => ["hnsw", "exact"];

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Add_ExistingKey_Throws(string implementation)
    {
        using var index = Create(implementation);
        index.Add("a", TestData.Row(Data, Dim, 0));
        Assert.Throws<ArgumentException>(() => index.Add("a", TestData.Row(Data, Dim, 1)));
        Assert.Equal(1, index.Count);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Update_MissingKey_ThrowsKeyNotFound(string implementation)
    {
        using var index = Create(implementation);
        Assert.Throws<KeyNotFoundException>(() => index.Update("missing", TestData.Row(Data, Dim, 0)));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Remove_MissingKey_ReturnsFalse(string implementation)
    {
        using var index = Create(implementation);
        index.Add("a", TestData.Row(Data, Dim, 0));
        Assert.False(index.Remove("b"));
        Assert.True(index.Remove("a"));
        Assert.False(index.Remove("a"));
        Assert.False(index.Contains("a"));
        Assert.Equal(0, index.Count);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Add_WrongDimension_Throws(string implementation)
    {
        using var index = Create(implementation);
        Assert.Throws<ArgumentException>(() => index.Add("a", new float[Dim + 1]));
        Assert.Throws<ArgumentException>(() => index.Search(new float[Dim - 1], 3));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Add_ZeroVectorUnderCosine_Throws(string implementation)
    {
        using var index = Create(implementation);
        Assert.Throws<ArgumentException>(() => index.Add("zero", new float[Dim]));
        Assert.Equal(0, index.Count);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Add_NaN_Throws(string implementation)
    {
        using var index = Create(implementation);
        var v = TestData.Row(Data, Dim, 0).ToArray();
        v[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => index.Add("nan", v));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void GetKeys_AfterAddsAndRemoves_ListsLiveKeys(string implementation)
    {
        using var index = Create(implementation);
        for (var i = 0; i < 50; i++)
            index.Add($"k{i}", TestData.Row(Data, Dim, i));
        for (var i = 0; i < 50; i += 2)
            index.Remove($"k{i}");
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 2 == 1).Select(i => $"k{i}").Order(), index.GetKeys().Order());
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Search_EmptyIndex_ReturnsNothing(string implementation)
    {
        using var index = Create(implementation);
        Assert.Empty(index.Search(TestData.Row(Data, Dim, 0), 5));
    }

    [Fact]
    public void AddOrUpdate_ExistingKey_MovesVector()
    {
        using var index = new HnswIndex<int>(Dim, DistanceMetric.L2);
        for (var i = 0; i < 100; i++)
            index.AddOrUpdate(i, TestData.Row(Data, Dim, i));
        index.AddOrUpdate(5, TestData.Row(Data, Dim, 150));
        Assert.Equal(5, index.Search(TestData.Row(Data, Dim, 150), 1)[0].Key);
        Assert.Equal(100, index.Count);
    }

    [Fact]
    public void TryGetVector_Cosine_ReturnsNormalisedCopy()
    {
        using var index = new HnswIndex<int>(2, DistanceMetric.Cosine);
        index.Add(1, [3f, 4f]);
        var v = new float[2];
        Assert.True(index.TryGetVector(1, v));
        Assert.Equal(0.6f, v[0], 5);
        Assert.Equal(0.8f, v[1], 5);
        Assert.False(index.TryGetVector(2, v));
    }

    [Fact]
    public void GetKey_InternalIdRoundTrip_ReturnsKey()
    {
        using var index = new HnswIndex<Guid>(Dim, DistanceMetric.L2);
        var key = Guid.NewGuid();
        index.Add(key, TestData.Row(Data, Dim, 0));
        Assert.True(index.TryGetInternalId(key, out var id));
        Assert.Equal(key, index.GetKey(id));
        index.Remove(key);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.GetKey(id));
    }

    [Fact]
    public void Search_SpanOverloadWarm_AllocatesNothing()
    {
        var data = TestData.Clustered(2000, 32, seed: 72);
        using var index = TestData.BuildHnsw(data, 32, DistanceMetric.Cosine);
        var results = new Neighbor<long>[10];
        for (var i = 0; i < 100; i++)
            index.Search(TestData.Row(data, 32, i), results, ef: 32);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            index.Search(TestData.Row(data, 32, i), results, ef: 32);
        var perSearch = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;

        Assert.True(perSearch < 1, $"{perSearch} bytes allocated per search");
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswIndex<int>(Dim, DistanceMetric.L2, new HnswOptions { M = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswIndex<int>(0, DistanceMetric.L2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswIndex<int>(Dim, (DistanceMetric)9));
    }

    [Fact]
    public void Save_KeyTypeWithoutCodec_ThrowsNotSupported()
    {
        using var index = new HnswIndex<DateTime>(Dim, DistanceMetric.L2);
        Assert.Throws<NotSupportedException>(() => index.Save(new MemoryStream()));
    }

    [Fact]
    public void Reserve_Capacity_NoRegrowthWhileAdding()
    {
        using var index = new HnswIndex<int>(Dim, DistanceMetric.L2, new HnswOptions { InitialCapacity = 4 });
        index.Reserve(200);
        Assert.Equal(200, index.Capacity);
        for (var i = 0; i < 200; i++)
            index.Add(i, TestData.Row(Data, Dim, i));
        Assert.Equal(200, index.Capacity);
        Assert.True(index.CheckIntegrity().IsValid);
    }

    private static Wrapper Create(string implementation) => implementation == "hnsw"
        ? new Wrapper(new HnswIndex<string>(Dim, DistanceMetric.Cosine))
        : new Wrapper(new BruteForceIndex<string>(Dim, DistanceMetric.Cosine));

    /// <summary>Both implementations behind the interface, disposable.</summary>
    private sealed class Wrapper(IVectorIndex<string> inner) : IVectorIndex<string>, IDisposable
    {
        public int Dimension => inner.Dimension;

        public DistanceMetric Metric => inner.Metric;

        public int Count => inner.Count;

        public bool Contains(string key) => inner.Contains(key);

        public void Add(string key, ReadOnlySpan<float> vector) => inner.Add(key, vector);

        public void Update(string key, ReadOnlySpan<float> vector) => inner.Update(key, vector);

        public bool Remove(string key) => inner.Remove(key);

        public IReadOnlyCollection<string> GetKeys() => inner.GetKeys();

        public int Search(ReadOnlySpan<float> query, Span<Neighbor<string>> results, int ef = 0, Func<string, bool>? filter = null) =>
            inner.Search(query, results, ef, filter);

        public Neighbor<string>[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<string, bool>? filter = null) =>
            inner.Search(query, k, ef, filter);

        public Neighbor<string>[][] SearchBatch(ReadOnlyMemory<float> queries, int k, int ef = 0, Func<string, bool>? filter = null) =>
            inner.SearchBatch(queries, k, ef, filter);

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
