using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace TwinGan.Search.Storage;

/// <summary>
/// One record of the file provider's log and snapshot: <c>[int32 length][uint32 CRC-32 of payload][payload]</c>,
/// payload = seq, kind (<see cref="ChangeKind"/>), write time, create time (int64 ms), id (for a mark: the mark's text),
/// item bytes, source-image bytes, staged item bytes (absent in records written before reindexing existed).
/// </summary>
internal sealed record FileLogRecord(long Sequence, ChangeKind Kind, long TimeMs, long CreatedMs, string Id, byte[] Item, byte[] Source, byte[] Next)
{
    private const int HeaderBytes = 8;
    private const int MaxPayloadBytes = 256 * 1024 * 1024;

    public bool IsDelete => Kind == ChangeKind.Delete;

    public byte[] Encode()
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Sequence);
            w.Write((byte)Kind);
            w.Write(TimeMs);
            w.Write(CreatedMs);
            w.Write(Id);
            w.Write(Item.Length);
            w.Write(Item);
            w.Write(Source.Length);
            w.Write(Source);
            w.Write(Next.Length);
            w.Write(Next);
        }
        var body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var record = new byte[HeaderBytes + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(body));
        body.CopyTo(record.AsSpan(HeaderBytes));
        return record;
    }

    /// <summary>
    /// Reads the record at the stream's position. Returns null at a clean end of stream and also for a torn or corrupt
    /// record (short header, short payload, CRC mismatch); <paramref name="torn"/> tells the two apart.
    /// </summary>
    public static FileLogRecord? Read(Stream stream, out bool torn)
    {
        torn = false;
        Span<byte> header = stackalloc byte[HeaderBytes];
        var got = stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
        if (got == 0) return null;
        torn = true;
        if (got < HeaderBytes) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is <= 0 or > MaxPayloadBytes) return null;
        var body = new byte[length];
        if (stream.ReadAtLeast(body, length, throwOnEndOfStream: false) < length) return null;
        if (Crc32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32LittleEndian(header[4..])) return null;
        torn = false;
        using var r = new BinaryReader(new MemoryStream(body), Encoding.UTF8);
        var seq = r.ReadInt64();
        var kind = (ChangeKind)r.ReadByte();
        var time = r.ReadInt64();
        var created = r.ReadInt64();
        var id = r.ReadString();
        var item = r.ReadBytes(r.ReadInt32());
        var source = r.ReadBytes(r.ReadInt32());
        var next = r.BaseStream.Position < length ? r.ReadBytes(r.ReadInt32()) : [];
        return new FileLogRecord(seq, kind, time, created, id, item, source, next);
    }
}
