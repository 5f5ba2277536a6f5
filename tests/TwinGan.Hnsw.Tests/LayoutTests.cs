using System.Runtime.CompilerServices;
using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

/// <summary>
/// The interleaved node store (vector, then layer-0 ids, in one 64-byte-aligned block per node) and the file format it
/// must keep: the on-disk layout is still version 1, byte for byte.
/// </summary>
public class LayoutTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    [InlineData(16, 16)]
    [InlineData(100, 12)]
    [InlineData(257, 16)]
    public unsafe void NodeBlocks_AfterGrowth_AreAlignedAndKeepVectors(int dimension, int m)
    {
        var data = TestData.Clustered(400, dimension, seed: 71);
        using var index = new HnswIndex<int>(dimension, DistanceMetric.L2, new HnswOptions { M = m, EfConstruction = 40, InitialCapacity = 3 });
        for (var i = 0; i < 400; i++)
            index.Add(i, TestData.Row(data, dimension, i));

        var store = index.Graph.Store;
        Assert.Equal(0, store.NodeStride % 64);
        Assert.True(store.NodeStride >= (dimension + (2 * m)) * sizeof(float));
        var stored = new float[dimension];
        for (var i = 0; i < 400; i++)
        {
            Assert.Equal(0, (nint)Unsafe.AsPointer(ref store.Node(i)) % 64);
            Assert.True(index.TryGetVector(i, stored));
            Assert.Equal(TestData.Row(data, dimension, i).ToArray(), stored);
        }
        Assert.True(index.CheckIntegrity().IsValid);
    }

    [Fact]
    public void Growth_FromOneSlot_BuildsTheSameGraphAsReserved()
    {
        const int Dim = 20;
        var data = TestData.Clustered(600, Dim, seed: 72);
        var queries = TestData.Clustered(30, Dim, seed: 73);
        using var grown = new HnswIndex<int>(Dim, DistanceMetric.Cosine, new HnswOptions { M = 8, InitialCapacity = 1 });
        using var reserved = new HnswIndex<int>(Dim, DistanceMetric.Cosine, new HnswOptions { M = 8, InitialCapacity = 600 });
        for (var i = 0; i < 600; i++)
        {
            grown.Add(i, TestData.Row(data, Dim, i));
            reserved.Add(i, TestData.Row(data, Dim, i));
        }

        Assert.True(grown.Capacity < 1000 && grown.Capacity >= 600);
        for (var q = 0; q < 30; q++)
            Assert.Equal(reserved.Search(TestData.Row(queries, Dim, q), 10, ef: 50), grown.Search(TestData.Row(queries, Dim, q), 10, ef: 50));
        Assert.True(grown.CheckIntegrity().IsValid);
    }

    /// <summary>
    /// Fixtures/v1-l2-dim8-m4.hnsw was written by the separate-array library (before the node blocks): it must load into
    /// the same graph this library builds from the same inserts, and this library must write the identical bytes.
    /// </summary>
    [Fact]
    public void VersionOneFile_FromSeparateArrayLayout_LoadsAndIsWrittenIdentically()
    {
        var fixture = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "v1-l2-dim8-m4.hnsw"));
        const int Dim = 8;
        var data = new float[300 * Dim];
        var random = new Random(5);
        for (var i = 0; i < data.Length; i++)
            data[i] = (float)((random.NextDouble() * 2) - 1);
        using var built = new HnswIndex<long>(Dim, DistanceMetric.L2, new HnswOptions
        {
            M = 4, EfConstruction = 32, Seed = 9, InitialCapacity = 16, ModelVersion = "fixture-v1", ReuseDeletedSlots = false,
        });
        for (var i = 0; i < 300; i++)
            built.Add(i, data.AsSpan(i * Dim, Dim));
        for (var i = 0; i < 300; i += 10)
            built.Remove(i);

        using var loaded = HnswIndex.Load<long>(new MemoryStream(fixture), new HnswLoadOptions { Dimension = Dim, ModelVersion = "fixture-v1" });

        Assert.Equal(270, loaded.Count);
        Assert.True(loaded.MaxLevel > 0, "the fixture should have upper layers");
        Assert.True(loaded.CheckIntegrity().IsValid);
        for (var q = 0; q < 300; q += 7)
            Assert.Equal(built.Search(data.AsSpan(q * Dim, Dim), 10, ef: 20), loaded.Search(data.AsSpan(q * Dim, Dim), 10, ef: 20));
        using var written = new MemoryStream();
        built.Save(written);
        Assert.Equal(fixture, written.ToArray());
    }
}
