using Google.Protobuf;
using TwinGan.Contracts.Common.V1;
using TwinGan.ServiceDefaults.Grpc;

namespace TwinGan.Translator;

/// <summary>
/// Reassembles an image sent as <see cref="ImageChunk"/>s: in order, contiguous, each 1..<c>Limits:MaxChunkBytes</c>
/// bytes, all together at most <c>Limits:MaxImageBytes</c>. An oversized image is refused as soon as it is known
/// (a declared <c>total_bytes</c> on the first chunk, or the running total), before the rest is read.
/// </summary>
internal sealed class ChunkedImage(long maxImageBytes, int maxChunkBytes)
{
    private byte[] _buffer = [];
    private int _length;
    private long _declaredTotal;
    private int _chunks;

    /// <summary>True once the chunk marked <c>last</c> was added.</summary>
    public bool Complete { get; private set; }

    public void Add(ImageChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var at = $"chunk {_chunks}";
        if (Complete) RpcErrors.ThrowInvalidArgument("chunk", $"{at} follows the chunk marked last");
        if (chunk.Offset != _length)
            RpcErrors.ThrowInvalidArgument("chunk.offset", $"{at} starts at {chunk.Offset}; expected {_length} (chunks go in order, without gaps or overlaps)");
        if (chunk.Data.IsEmpty) RpcErrors.ThrowInvalidArgument("chunk.data", $"{at} is empty");
        if (chunk.Data.Length > maxChunkBytes)
            RpcErrors.ThrowInvalidArgument("chunk.data", $"{at} holds {chunk.Data.Length} bytes; the limit is {maxChunkBytes} (Limits:MaxChunkBytes)");
        Declare(chunk.TotalBytes, at);
        var end = (long)_length + chunk.Data.Length;
        if (end > maxImageBytes)
            RpcErrors.ThrowInvalidArgument("chunk.data", $"the image exceeds {maxImageBytes} bytes (Limits:MaxImageBytes) at {at}");
        if (_declaredTotal > 0 && end > _declaredTotal)
            RpcErrors.ThrowInvalidArgument("chunk.data", $"{at} ends at byte {end}, beyond total_bytes {_declaredTotal}");
        Append(chunk.Data.Span);
        _chunks++;
        if (!chunk.Last) return;
        CheckDeclaredTotal("chunk.last");
        Complete = true;
    }

    /// <summary>The whole image once the sender is done (chunk marked last, or end of stream), without another copy.</summary>
    public ByteString ToByteString()
    {
        if (_length == 0) RpcErrors.ThrowInvalidArgument("chunk", "no image chunk was sent after the header");
        CheckDeclaredTotal("chunk");
        return UnsafeByteOperations.UnsafeWrap(_buffer.AsMemory(0, _length));
    }

    private void Declare(long total, string at)
    {
        if (total == 0) return;
        if (total < 0) RpcErrors.ThrowInvalidArgument("chunk.total_bytes", $"{at} declares {total}; must be 0 (unknown) or the image size");
        if (_declaredTotal != 0 && total != _declaredTotal)
            RpcErrors.ThrowInvalidArgument("chunk.total_bytes", $"{at} declares {total}; an earlier chunk declared {_declaredTotal}");
        if (total > maxImageBytes)
            RpcErrors.ThrowInvalidArgument("chunk.total_bytes", $"the image is {total} bytes; the limit is {maxImageBytes} (Limits:MaxImageBytes)");
        if (_declaredTotal == 0 && total > _buffer.Length) Array.Resize(ref _buffer, (int)total);
        _declaredTotal = total;
    }

    private void CheckDeclaredTotal(string field)
    {
        if (_declaredTotal > 0 && _length != _declaredTotal)
            RpcErrors.ThrowInvalidArgument(field, $"the image ended after {_length} bytes; total_bytes declared {_declaredTotal}");
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
            Array.Resize(ref _buffer, (int)Math.Min(maxImageBytes, Math.Max(_length + data.Length, 2L * _buffer.Length)));
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }
}
