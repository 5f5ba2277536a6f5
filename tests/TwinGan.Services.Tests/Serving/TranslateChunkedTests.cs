using Google.Protobuf;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests.Serving;

/// <summary>TranslateChunked against the Translator process, with message and chunk limits small enough to matter.</summary>
public sealed class TranslateChunkedTests
{
    private const int MaxRequestBytes = 64 * 1024;
    private const int MaxChunkBytes = 16 * 1024;
    private const int MaxImageBytes = 512 * 1024;

    private static async Task<HostProcess> StartAsync(PublishedModels models)
    {
        var host = await HostProcess.StartServiceInAsync("Translator", models.Root, "--Models:Default=faces",
            $"--Server:MaxRequestBytes={MaxRequestBytes}", $"--Limits:MaxChunkBytes={MaxChunkBytes}", $"--Limits:MaxImageBytes={MaxImageBytes}");
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, "twingan.translator.v1.TranslatorService", ServingStatus.Serving, TimeSpan.FromSeconds(120)));
        return host;
    }

    private static TranslateRequest Header(int size = 0) => new()
    {
        Image = new Image { MediaType = "image/png" },
        SourceDomain = "photo",
        TargetDomain = "anime",
        Output = new OutputOptions { Format = ImageFormat.Png, Size = size },
    };

    /// <summary>A PNG of noise: it does not compress, so 200x200 is ~120 KB, beyond one 64 KiB message.</summary>
    private static byte[] LargePng()
    {
        var pixels = new byte[200 * 200 * 3];
        new Random(5).NextBytes(pixels);
        return ImageCodec.Encode(new RgbImage(200, 200, pixels), EncodedImageFormat.Png);
    }

    private static IEnumerable<TranslateChunkedRequest> Chunks(byte[] data, int chunkBytes)
    {
        for (var offset = 0; offset < data.Length; offset += chunkBytes)
        {
            var length = Math.Min(chunkBytes, data.Length - offset);
            yield return new TranslateChunkedRequest
            {
                Chunk = new ImageChunk
                {
                    Offset = offset,
                    Data = ByteString.CopyFrom(data, offset, length),
                    TotalBytes = offset == 0 ? data.Length : 0,
                    Last = offset + length == data.Length,
                },
            };
        }
    }

    private static async Task<List<TranslateChunkedResponse>> SendAsync(HostProcess host, IEnumerable<TranslateChunkedRequest> messages)
    {
        using var call = new TranslatorService.TranslatorServiceClient(host.Channel).TranslateChunked(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            foreach (var m in messages) await call.RequestStream.WriteAsync(m);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server refused mid-upload; its status is read from the response stream below.
        }
        catch (InvalidOperationException)
        {
            // Writing after the call ended; as above.
        }
        var responses = new List<TranslateChunkedResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) responses.Add(call.ResponseStream.Current);
        return responses;
    }

    private static async Task<RpcException> RefusedAsync(HostProcess host, params TranslateChunkedRequest[] messages) =>
        await Assert.ThrowsAsync<RpcException>(() => SendAsync(host, messages));

    [Fact]
    public async Task TranslateChunked_ImageBeyondOneMessage_TranslatedAndReturnedInOrderedChunks()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var png = LargePng();
        var unary = await Assert.ThrowsAsync<RpcException>(async () => await new TranslatorService.TranslatorServiceClient(host.Channel)
            .TranslateAsync(new TranslateRequest(Header(size: 256)) { Image = new Image { Data = ByteString.CopyFrom(png) } }));

        var responses = await SendAsync(host, [new TranslateChunkedRequest { Header = Header(size: 256) }, .. Chunks(png, MaxChunkBytes)]);

        Assert.Equal(StatusCode.ResourceExhausted, unary.StatusCode);
        var header = responses[0].Header;
        Assert.Equal(("faces", "v1", "image/png"), (header.ModelName, header.ModelVersion, header.Image.MediaType));
        Assert.True(header.Image.Data.IsEmpty);
        var chunks = responses.Skip(1).Select(r => r.Chunk).ToList();
        Assert.True(chunks.Count > 1, $"a 256 px output should need several {MaxChunkBytes}-byte chunks");
        Assert.Equal(chunks.Sum(c => (long)c.Data.Length), chunks[0].TotalBytes);
        Assert.Equal(chunks.Select(c => c.Offset), chunks.Select((c, i) => chunks.Take(i).Sum(p => (long)p.Data.Length)));
        Assert.All(chunks, c => Assert.InRange(c.Data.Length, 1, MaxChunkBytes));
        Assert.Equal(chunks.Count - 1, chunks.FindIndex(c => c.Last));
        var output = ImageCodec.Decode([.. chunks.SelectMany(c => c.Data)], ImageLimits.Default);
        Assert.Equal((256, 256), (output.Width, output.Height));
    }

    [Fact]
    public async Task TranslateChunked_ProtocolViolations_InvalidArgumentNamingTheProblem()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var png = LargePng();
        var chunks = Chunks(png, MaxChunkBytes).ToList();
        var header = new TranslateChunkedRequest { Header = Header() };
        var outOfOrder = new TranslateChunkedRequest { Chunk = new ImageChunk(chunks[1].Chunk) { Offset = chunks[1].Chunk.Offset + 10 } };
        var tooBig = new TranslateChunkedRequest { Chunk = new ImageChunk { Data = ByteString.CopyFrom(png, 0, MaxChunkBytes + 1), Last = true } };
        var declaredHuge = new TranslateChunkedRequest { Chunk = new ImageChunk(chunks[0].Chunk) { TotalBytes = 100L * 1024 * 1024 } };
        var withData = new TranslateChunkedRequest { Header = new TranslateRequest(Header()) { Image = new Image { Data = ByteString.CopyFrom(1, 2, 3) } } };
        var unfinished = new TranslateChunkedRequest { Chunk = new ImageChunk(chunks[0].Chunk) { Last = false } };

        var cases = new (string Name, TranslateChunkedRequest[] Messages, string Expected)[]
        {
            ("no header", [chunks[0]], "header"),
            ("repeated header", [header, chunks[0], header], "repeated"),
            ("header with image data", [withData, chunks[0]], "header.image.data"),
            ("gap in offsets", [header, chunks[0], outOfOrder], "expected"),
            ("chunk over Limits:MaxChunkBytes", [header, tooBig], "Limits:MaxChunkBytes"),
            ("declared total over Limits:MaxImageBytes", [header, declaredHuge], "Limits:MaxImageBytes"),
            ("stream ends before total_bytes arrived", [header, unfinished], "total_bytes"),
            ("no chunk", [header], "no image chunk"),
        };
        foreach (var (name, messages, expected) in cases)
        {
            var error = await RefusedAsync(host, messages);
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{name}: {error.StatusCode} {error.Status.Detail}");
            Assert.True(error.Status.Detail.Contains(expected, StringComparison.Ordinal), $"{name}: {error.Status.Detail}");
        }
        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "twingan.translator.v1.TranslatorService"));
    }

    [Fact]
    public async Task TranslateChunked_DeclaredTotalOverLimit_RefusedBeforeTheRestIsSent()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        using var call = new TranslatorService.TranslatorServiceClient(host.Channel).TranslateChunked(deadline: DateTime.UtcNow.AddSeconds(30));

        await call.RequestStream.WriteAsync(new TranslateChunkedRequest { Header = Header() });
        await call.RequestStream.WriteAsync(new TranslateChunkedRequest
        {
            Chunk = new ImageChunk { Data = ByteString.CopyFrom(new byte[100]), TotalBytes = MaxImageBytes + 1 },
        });
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("chunk.total_bytes", error.Status.Detail);
    }
}
