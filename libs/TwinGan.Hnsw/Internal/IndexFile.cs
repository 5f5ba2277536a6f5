using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace TwinGan.Hnsw.Internal;

/// <summary>
/// Header of the index file (layout in docs/hnsw.md): magic, format version, header length, header fields, an
/// XxHash32 of everything so far (checked before any large allocation), then the body and an XxHash64 trailer.
/// </summary>
internal sealed record IndexFileHeader(
    int Dimension,
    DistanceMetric Metric,
    HnswOptions Options,
    int Slots,
    int Live,
    int EntryPoint,
    int MaxLevel,
    long LevelCounter,
    string KeyCodec)
{
    public const uint FormatVersion = 1;
    public const int MaxHeaderBytes = 1 << 16;
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'T', (byte)'G', (byte)'H', (byte)'N', (byte)'S', (byte)'W', 0x1A];

    public void Write(Stream stream)
    {
        using var fields = new MemoryStream();
        using (var w = new BinaryWriter(fields, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Dimension);
            w.Write((int)Metric);
            w.Write(Options.M);
            w.Write(Options.EfConstruction);
            w.Write(Options.DefaultEf);
            w.Write(Options.Seed);
            w.Write(Options.BruteForceSelectivity ?? -1.0);
            w.Write(Options.ReuseDeletedSlots);
            w.Write(Slots);
            w.Write(Live);
            w.Write(EntryPoint);
            w.Write(MaxLevel);
            w.Write(LevelCounter);
            WriteString(w, Options.ModelVersion);
            WriteString(w, KeyCodec);
        }
        var bytes = new byte[Magic.Length + 8 + (int)fields.Length + 4];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), (int)fields.Length);
        fields.GetBuffer().AsSpan(0, (int)fields.Length).CopyTo(bytes.AsSpan(16));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), XxHash32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4)));
        stream.Write(bytes);
    }

    public static IndexFileHeader Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[16];
        var got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (!prefix[..Math.Min(got, Magic.Length)].SequenceEqual(Magic[..Math.Min(got, Magic.Length)]) || got == 0)
            throw new IndexFileException(IndexFileError.NotAnIndexFile, "Not a TwinGan HNSW index file (bad magic number).");
        if (got < prefix.Length)
            throw Truncated();
        var version = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        if (version != FormatVersion)
            throw new IndexFileException(IndexFileError.UnsupportedVersion,
                $"Index file format version {version} is not supported; this library reads version {FormatVersion}.");
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix[12..]);
        if (length is < 0 or > MaxHeaderBytes)
            throw new IndexFileException(IndexFileError.Corrupt, $"The index file is corrupt: header length {length}.");
        var bytes = new byte[16 + length + 4];
        prefix.CopyTo(bytes);
        stream.ReadExactly(bytes.AsSpan(16));
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        if (XxHash32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4)) != expected)
            throw new IndexFileException(IndexFileError.ChecksumMismatch, "The index file header checksum does not match: the file is damaged.");
        try
        {
            return Parse(bytes.AsSpan(16, length).ToArray());
        }
        catch (EndOfStreamException ex)
        {
            throw new IndexFileException(IndexFileError.Corrupt, "The index file is corrupt: header fields are incomplete.", ex);
        }
    }

    private static IndexFileHeader Parse(byte[] fields)
    {
        using var r = new BinaryReader(new MemoryStream(fields), Encoding.UTF8);
        var dimension = r.ReadInt32();
        var metric = (DistanceMetric)r.ReadInt32();
        var options = new HnswOptions
        {
            M = r.ReadInt32(),
            EfConstruction = r.ReadInt32(),
            DefaultEf = r.ReadInt32(),
            Seed = r.ReadUInt64(),
            BruteForceSelectivity = r.ReadDouble() is var threshold && threshold >= 0 ? threshold : null,
            ReuseDeletedSlots = r.ReadBoolean(),
        };
        var slots = r.ReadInt32();
        var live = r.ReadInt32();
        var entryPoint = r.ReadInt32();
        var maxLevel = r.ReadInt32();
        var levelCounter = r.ReadInt64();
        options = options with { ModelVersion = ReadString(r), InitialCapacity = Math.Max(1, slots) };
        var header = new IndexFileHeader(dimension, metric, options, slots, live, entryPoint, maxLevel, levelCounter, ReadString(r));
        header.Validate();
        return header;
    }

    private void Validate()
    {
        var problem = Dimension is < 1 or > 65536 ? $"dimension {Dimension}"
            : !Enum.IsDefined(Metric) ? $"metric {(int)Metric}"
            : Options.M is < 2 or > 2048 ? $"M {Options.M}"
            : Options.EfConstruction < 1 || Options.DefaultEf < 1 ? "ef parameters"
            : Slots < 0 || !GraphStore.Fits(Slots, GraphStore.StrideFor(Dimension, 2 * Options.M)) ? $"{Slots} slots"
            : Live < 0 || Live > Slots ? $"{Live} live of {Slots}"
            : MaxLevel is < 0 or > 30 ? $"max level {MaxLevel}"
            : null;
        if (problem is not null)
            throw new IndexFileException(IndexFileError.Corrupt, $"The index file is corrupt: {problem}.");
    }

    public static IndexFileException Truncated(Exception? inner = null) =>
        new(IndexFileError.Truncated, "The index file is truncated: it ends before the data its header announces.", inner);

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static string ReadString(BinaryReader r)
    {
        var length = r.ReadInt32();
        if (length < 0 || length > r.BaseStream.Length - r.BaseStream.Position)
            throw new IndexFileException(IndexFileError.Corrupt, $"The index file is corrupt: string length {length}.");
        return Encoding.UTF8.GetString(r.ReadBytes(length));
    }
}
