using System.IO.Hashing;

namespace TwinGan.Hnsw;

/// <summary>
/// Pass-through stream that feeds every byte read or written into <paramref name="hash"/>, so a file is checksummed
/// while it streams (no second pass, no full copy in memory). Disposing it leaves <paramref name="inner"/> open.
/// Used by the index file (XxHash64) and by hosts that wrap index files in their own snapshots.
/// </summary>
public sealed class HashingStream(Stream inner, NonCryptographicHashAlgorithm hash) : Stream
{
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
        hash.Append(buffer[..n]);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.Append(buffer);
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
