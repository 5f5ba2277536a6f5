using Google.Protobuf;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Hosting;

namespace TwinGan.Translator;

/// <summary>
/// The two halves of TranslateChunked: a header (a <see cref="TranslateRequest"/> without image data) followed by
/// the image in chunks comes in; a header (the <see cref="TranslateResponse"/> without image data) followed by the
/// output image in chunks of at most <c>Limits:MaxChunkBytes</c> goes out.
/// </summary>
internal static class ChunkedTransfer
{
    /// <summary>Reads the header and the chunks up to the one marked last (or the end of the stream).</summary>
    public static async Task<TranslateRequest> ReadAsync(
        IAsyncStreamReader<TranslateChunkedRequest> requests, LimitsOptions limits, CancellationToken cancellationToken)
    {
        if (!await requests.MoveNext(cancellationToken) || requests.Current.MessageCase != TranslateChunkedRequest.MessageOneofCase.Header)
            RpcErrors.ThrowInvalidArgument("header", "the first message must be a header (a TranslateRequest whose image.data is empty)");
        var header = requests.Current.Header;
        if (header.Image is { Data.IsEmpty: false })
            RpcErrors.ThrowInvalidArgument("header.image.data", "must be empty: the image follows in chunks");
        var image = new ChunkedImage(limits.MaxImageBytes, limits.MaxChunkBytes);
        while (!image.Complete && await requests.MoveNext(cancellationToken))
        {
            var message = requests.Current;
            if (message.MessageCase == TranslateChunkedRequest.MessageOneofCase.Header)
                RpcErrors.ThrowInvalidArgument("header", "is repeated: send one header, then the image chunks");
            if (message.MessageCase != TranslateChunkedRequest.MessageOneofCase.Chunk)
                RpcErrors.ThrowInvalidArgument("chunk", "every message after the header must be a chunk");
            image.Add(message.Chunk);
        }
        var request = header.Clone();
        request.Image = new Image { Data = image.ToByteString(), MediaType = header.Image?.MediaType ?? "" };
        return request;
    }

    /// <summary>Writes the response header, then its image in order; the first chunk carries the total size.</summary>
    public static async Task WriteAsync(TranslateResponse response, IServerStreamWriter<TranslateChunkedResponse> responses, int chunkBytes)
    {
        var data = response.Image.Data;
        var header = response.Clone();
        header.Image = new Image { MediaType = response.Image.MediaType };
        await responses.WriteAsync(new TranslateChunkedResponse { Header = header });
        for (var offset = 0; offset < data.Length; offset += chunkBytes)
        {
            var length = Math.Min(chunkBytes, data.Length - offset);
            await responses.WriteAsync(new TranslateChunkedResponse
            {
                Chunk = new ImageChunk
                {
                    Offset = offset,
                    Data = UnsafeByteOperations.UnsafeWrap(data.Memory.Slice(offset, length)),
                    TotalBytes = offset == 0 ? data.Length : 0,
                    Last = offset + length == data.Length,
                },
            });
        }
    }
}
