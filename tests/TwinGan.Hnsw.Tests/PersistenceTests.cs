using TwinGan.Hnsw;

namespace TwinGan.Hnsw.Tests;

public class PersistenceTests
{
    private const int Dim = 24;
    private static readonly float[] Data = TestData.Clustered(1500, Dim, seed: 61);
    private static readonly float[] Queries = TestData.Clustered(50, Dim, seed: 62);
    private static readonly Lazy<byte[]> Saved = new(() => Save(BuildWithChurn()));

    [Fact]
    public void Save_ToCallersStream_FlushesButLeavesItOpen()
    {
        using var index = BuildWithChurn();
        using var stream = new MemoryStream();

        index.Save(stream);

        Assert.True(stream.CanWrite, "Save closed the caller's stream");
        Assert.Equal(Saved.Value.Length, stream.Length);
    }

    [Fact]
    public void Load_SavedIndex_ReturnsIdenticalResultsAndKeepsWorking()
    {
        using var original = BuildWithChurn();
        using var loaded = HnswIndex.Load<long>(new MemoryStream(Save(original)), new HnswLoadOptions { Dimension = Dim, Metric = DistanceMetric.Cosine, ModelVersion = "m-7" });

        Assert.Equal(original.Count, loaded.Count);
        Assert.Equal(original.SlotCount, loaded.SlotCount);
        Assert.Equal(original.Options, loaded.Options with { InitialCapacity = original.Options.InitialCapacity });
        Assert.Equal(original.GetKeys().Order(), loaded.GetKeys().Order());
        for (var q = 0; q < 50; q++)
            Assert.Equal(original.Search(TestData.Row(Queries, Dim, q), 10), loaded.Search(TestData.Row(Queries, Dim, q), 10));
        Assert.True(loaded.CheckIntegrity().IsValid);

        loaded.Add(99_999, TestData.Row(Queries, Dim, 0));
        original.Add(99_999, TestData.Row(Queries, Dim, 0));
        Assert.Equal(original.Search(TestData.Row(Queries, Dim, 1), 10), loaded.Search(TestData.Row(Queries, Dim, 1), 10));
    }

    [Fact]
    public void Load_StringKeysThroughFile_RoundTrips()
    {
        var path = Path.Combine(Path.GetTempPath(), $"twingan-hnsw-{Guid.NewGuid():N}.idx");
        try
        {
            using var index = new HnswIndex<string>(Dim, DistanceMetric.L2);
            for (var i = 0; i < 200; i++)
                index.Add($"item-{i}-é", TestData.Row(Data, Dim, i));
            index.Save(path);
            using var loaded = HnswIndex.Load<string>(path);
            Assert.Equal(index.Search(TestData.Row(Queries, Dim, 3), 5), loaded.Search(TestData.Row(Queries, Dim, 3), 5));
            Assert.True(loaded.Contains("item-7-é"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_EmptyIndex_RoundTrips()
    {
        using var index = new HnswIndex<long>(Dim, DistanceMetric.L2);
        using var loaded = HnswIndex.Load<long>(new MemoryStream(Save(index)));
        Assert.Equal(0, loaded.Count);
        loaded.Add(1, TestData.Row(Data, Dim, 0));
        Assert.Equal(1, loaded.Search(TestData.Row(Data, Dim, 0), 1)[0].Key);
    }

    [Fact]
    public void Load_EmptyFile_NotAnIndexFile() => AssertRejected([], IndexFileError.NotAnIndexFile);

    [Fact]
    public void Load_WrongMagic_NotAnIndexFile()
    {
        var bytes = (byte[])Saved.Value.Clone();
        bytes[1] = (byte)'X';
        AssertRejected(bytes, IndexFileError.NotAnIndexFile);
    }

    [Fact]
    public void Load_NewerFormatVersion_UnsupportedVersion()
    {
        var bytes = (byte[])Saved.Value.Clone();
        bytes[8] = 2;
        AssertRejected(bytes, IndexFileError.UnsupportedVersion);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(40)]
    [InlineData(1000)]
    [InlineData(-300)]
    [InlineData(-4)]
    public void Load_TruncatedFile_Truncated(int cut)
    {
        var full = Saved.Value;
        var length = cut > 0 ? cut : full.Length + cut;
        AssertRejected(full[..length], IndexFileError.Truncated);
        AssertRejected(full[..length], IndexFileError.Truncated, seekable: false);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(60)]
    public void Load_FlippedHeaderByte_ChecksumMismatch(int offset)
    {
        var bytes = (byte[])Saved.Value.Clone();
        bytes[offset] ^= 0x10;
        AssertRejected(bytes, IndexFileError.ChecksumMismatch);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.9)]
    [InlineData(0.9999)]
    public void Load_FlippedBodyByte_ChecksumMismatch(double position)
    {
        var bytes = (byte[])Saved.Value.Clone();
        bytes[(int)((bytes.Length - 9) * position)] ^= 0x01;
        AssertRejected(bytes, IndexFileError.ChecksumMismatch);
    }

    [Fact]
    public void Load_FlippedTrailerByte_ChecksumMismatch()
    {
        var bytes = (byte[])Saved.Value.Clone();
        bytes[^1] ^= 0x80;
        AssertRejected(bytes, IndexFileError.ChecksumMismatch);
    }

    [Fact]
    public void Load_TrailingBytes_Corrupt() => AssertRejected([.. Saved.Value, 0], IndexFileError.Corrupt);

    [Fact]
    public void Load_OtherDimension_Mismatch() =>
        AssertRejected(Saved.Value, IndexFileError.Mismatch, new HnswLoadOptions { Dimension = Dim + 1 });

    [Fact]
    public void Load_OtherMetric_Mismatch() =>
        AssertRejected(Saved.Value, IndexFileError.Mismatch, new HnswLoadOptions { Metric = DistanceMetric.L2 });

    [Fact]
    public void Load_OtherModelVersion_Mismatch() =>
        AssertRejected(Saved.Value, IndexFileError.Mismatch, new HnswLoadOptions { ModelVersion = "m-8" });

    [Fact]
    public void Load_OtherKeyType_Mismatch()
    {
        var ex = Assert.Throws<IndexFileException>(() => HnswIndex.Load<string>(new MemoryStream(Saved.Value)));
        Assert.Equal(IndexFileError.Mismatch, ex.Error);
        Assert.Contains("int64", ex.Message, StringComparison.Ordinal);
    }

    private static HnswIndex<long> BuildWithChurn()
    {
        var index = new HnswIndex<long>(Dim, DistanceMetric.Cosine, new HnswOptions { ModelVersion = "m-7", M = 8, EfConstruction = 64 });
        for (var i = 0; i < 1500; i++)
            index.Add(i, TestData.Row(Data, Dim, i));
        for (var i = 0; i < 1500; i += 7)
            index.Remove(i);
        for (var i = 0; i < 50; i++)
            index.Add(5000 + i, TestData.Row(Queries, Dim, i));
        return index;
    }

    private static byte[] Save(HnswIndex<long> index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    private static void AssertRejected(byte[] bytes, IndexFileError error, HnswLoadOptions? expected = null, bool seekable = true)
    {
        Stream stream = seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);
        var ex = Assert.Throws<IndexFileException>(() => HnswIndex.Load<long>(stream, expected));
        Assert.Equal(error, ex.Error);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    /// <summary>A non-seekable stream, like a network or pipe source.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
