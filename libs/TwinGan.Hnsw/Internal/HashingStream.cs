using System.IO.Hashing;

namespace TwinGan.Hnsw.Internal;

/// <summary>
/// Pass-through stream that feeds every byte read or written into an XxHash64, so the index file is checksummed while
/// it streams (no second pass, no full copy in memory).
/// </summary>
internal sealed class HashingStream(Stream inner) : Stream
{
    private readonly XxHash64 _hash = new();

    public ulong CurrentHash => _hash.GetCurrentHashAsUInt64();

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _hash.Append(buffer[..n]);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
