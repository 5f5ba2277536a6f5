using System.IO.Hashing;
using System.Text;
using TwinGan.Contracts.Search.V1;
using TwinGan.Hnsw;
using TwinGan.Search.Storage;

namespace TwinGan.Search.Indexing;

/// <summary>
/// A replica's snapshot file: magic <c>TGSRCH01</c>, the change offset it covers, model version, dimension, write
/// time, every live item (length-prefixed <see cref="GalleryItem"/>), a CRC-32 of all of that, then the HNSW index
/// file (docs/hnsw.md, its own checksums) to the end. Written to a temp file and renamed over the old one.
/// </summary>
internal static class IndexSnapshot
{
    private static readonly byte[] Magic = "TGSRCH01"u8.ToArray();

    public sealed record Info(ChangeOffset Offset, DateTimeOffset Time);

    public static Info Write(string path, GalleryIndex index)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        var info = new Info(index.Applied, DateTimeOffset.UtcNow);
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var crc = new Crc32();
            using (var w = new BinaryWriter(new HashingStream(file, crc), Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(info.Offset.ToString());
                w.Write(index.ModelVersion ?? "");
                w.Write(index.Dimension);
                w.Write(info.Time.ToUnixTimeMilliseconds());
                var items = index.Items.ToArray();
                w.Write(items.Length);
                foreach (var item in items)
                {
                    var bytes = Google.Protobuf.MessageExtensions.ToByteArray(item);
                    w.Write(bytes.Length);
                    w.Write(bytes);
                }
                w.Write(index.Hnsw is null ? (byte)0 : (byte)1);
            }
            file.Write(BitConverter.GetBytes(crc.GetCurrentHashAsUInt32()));
            index.Hnsw?.Save(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        return info;
    }

    /// <summary>Reads a snapshot; throws <see cref="InvalidDataException"/> or <see cref="IndexFileException"/> when damaged.</summary>
    public static (GalleryIndex Index, Info Info) Read(string path, HnswOptions options)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var crc = new Crc32();
        using var r = new BinaryReader(new HashingStream(file, crc), Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{path} is not a Search snapshot.");
            var offset = ChangeOffset.Parse(r.ReadString());
            var version = r.ReadString();
            var dimension = r.ReadInt32();
            var time = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
            var count = r.ReadInt32();
            var items = new List<GalleryItem>(count);
            for (var i = 0; i < count; i++)
                items.Add(GalleryItem.Parser.ParseFrom(r.ReadBytes(r.ReadInt32())));
            var hasIndex = r.ReadByte() == 1;
            var expected = crc.GetCurrentHashAsUInt32();
            Span<byte> stored = stackalloc byte[4];
            if (file.ReadAtLeast(stored, 4, throwOnEndOfStream: false) < 4 || BitConverter.ToUInt32(stored) != expected)
                throw new InvalidDataException($"{path} fails its checksum.");
            var hnsw = hasIndex
                ? HnswIndex.Load<string>(file, new HnswLoadOptions { Dimension = dimension, ModelVersion = version, Metric = TwinGan.Hnsw.DistanceMetric.Cosine },
                    comparer: StringComparer.Ordinal)
                : null;
            var index = new GalleryIndex(options, hnsw, items, offset, version.Length == 0 ? null : version);
            return (index, new Info(offset, time));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path} is truncated.", e);
        }
    }
}
