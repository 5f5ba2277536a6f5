using Google.Protobuf;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests.Serving;

/// <summary>The Translator process serving real (tiny) TwinGAN bundles from the File provider.</summary>
public sealed class TranslatorServingTests
{
    private const string ServiceName = "twingan.translator.v1.TranslatorService";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private static async Task<HostProcess> StartAsync(PublishedModels models, params string[] args)
    {
        var host = await HostProcess.StartServiceInAsync("Translator", models.Root, ["--Models:Default=faces", .. args]);
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, ServiceName, ServingStatus.Serving, Settle));
        return host;
    }

    private static TranslateRequest Request(Image image, int size = 0) => new()
    {
        Image = image,
        SourceDomain = "photo",
        TargetDomain = "anime",
        Output = new OutputOptions { Format = ImageFormat.Png, Size = size },
    };

    [Fact]
    public async Task Health_NoModelPublished_NotServingWithReason()
    {
        using var models = new PublishedModels();
        await using var host = await HostProcess.StartServiceInAsync("Translator", models.Root, "--Models:Default=faces");

        Assert.Equal(ServingStatus.NotServing, await HealthProbe.CheckAsync(host.Channel, ServiceName));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new TranslatorService.TranslatorServiceClient(host.Channel).TranslateAsync(Request(TestImages.Png(20, 20))));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task Translate_PublishedModel_ReturnsImageAtRequestedSizeWithVersion()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var response = await client.TranslateAsync(Request(TestImages.Png(40, 30), size: 32));

        var image = ImageCodec.Decode(response.Image.Data.ToByteArray(), ImageLimits.Default);
        Assert.Equal((32, 32), (image.Width, image.Height));
        Assert.Equal("image/png", response.Image.MediaType);
        Assert.Equal(("faces", "v1"), (response.ModelName, response.ModelVersion));
        Assert.True(response.Timings.BatchSize >= 1);
        // Source domain = target domain is a reconstruction through the shared encoder (translator.proto).
        var reconstruction = await client.TranslateAsync(new TranslateRequest(Request(TestImages.Png(16, 16))) { TargetDomain = "photo" });
        Assert.Equal(16, ImageCodec.Decode(reconstruction.Image.Data.ToByteArray(), ImageLimits.Default).Width);
        var info = await client.GetModelInfoAsync(new GetModelInfoRequest());
        Assert.Equal(PublishedModels.Domains, info.Model.Manifest.Domains);
        Assert.Equal(16, info.Model.Manifest.Resolution);
    }

    [Fact]
    public async Task Translate_MalformedImageCorpus_EachInvalidArgumentAndServiceKeepsServing()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        foreach (var (name, data) in TestImages.Malformed())
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () =>
                await client.TranslateAsync(Request(new Image { Data = ByteString.CopyFrom(data), MediaType = "image/png" })));
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{name}: {error.StatusCode} {error.Status.Detail}");
            Assert.Contains("image.data", error.Status.Detail);
        }

        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, ServiceName));
        Assert.NotEmpty((await client.TranslateAsync(Request(TestImages.Png(16, 16)))).Image.Data);
    }

    [Fact]
    public async Task Translate_BadRequests_GetTheirStatus()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        var image = TestImages.Png(16, 16);

        async Task<StatusCode> StatusOf(TranslateRequest r) =>
            (await Assert.ThrowsAsync<RpcException>(async () => await client.TranslateAsync(r))).StatusCode;

        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(new TranslateRequest(Request(image)) { TargetDomain = "cat" }));
        Assert.Equal(StatusCode.NotFound, await StatusOf(new TranslateRequest(Request(image)) { Model = new ModelRef { Name = "nope" } }));
        Assert.Equal(StatusCode.Unavailable, await StatusOf(new TranslateRequest(Request(image)) { Model = new ModelRef { Name = "faces", Version = "v9" } }));
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(new TranslateRequest(Request(image)) { StyleReference = image }));
        Assert.Equal(StatusCode.InvalidArgument, await StatusOf(Request(image, size: 100_000)));
    }

    [Fact]
    public async Task TranslateBatch_OneBadItem_OthersSucceed()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        var batch = new TranslateBatchRequest
        {
            Requests = { Request(TestImages.Png(16, 16)), Request(new Image { Data = ByteString.CopyFromUtf8("not an image") }), Request(TestImages.Png(24, 24)) },
        };

        var response = await client.TranslateBatchAsync(batch);

        Assert.Equal(TranslateBatchResult.OutcomeOneofCase.Response, response.Results[0].OutcomeCase);
        Assert.Equal((int)StatusCode.InvalidArgument, response.Results[1].Error.Code);
        Assert.Equal("requests[1].image.data", response.Results[1].Error.FieldViolations.Single().Field);
        Assert.Equal(TranslateBatchResult.OutcomeOneofCase.Response, response.Results[2].OutcomeCase);
    }

    [Fact]
    public async Task TranslateStream_Frames_AnsweredInOrder()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        using var call = new TranslatorService.TranslatorServiceClient(host.Channel).TranslateStream();

        await call.RequestStream.WriteAsync(new TranslateStreamRequest { Config = new TranslateStreamConfig { SourceDomain = "photo", TargetDomain = "anime" } });
        for (ulong i = 1; i <= 6; i++)
            await call.RequestStream.WriteAsync(new TranslateStreamRequest { Frame = new TranslateFrame { Sequence = i, Image = TestImages.Png(16, 16, (byte)i) } });
        await call.RequestStream.CompleteAsync();
        var sequences = new List<ulong>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            Assert.Null(call.ResponseStream.Current.Error);
            Assert.NotEmpty(call.ResponseStream.Current.Image.Data);
            sequences.Add(call.ResponseStream.Current.Sequence);
        }

        Assert.Equal([1UL, 2, 3, 4, 5, 6], sequences);
    }

    [Fact]
    public async Task Publish_UnderConcurrentLoad_NoRequestFailsAndEachResponseNamesTheVersionThatServedIt()
    {
        const int Clients = 12;
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await models.AddAsync("v2", seed: 2, publish: false);
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        TranslateRequest ClientRequest(int id, string? version = null) => new(Request(TestImages.Png(16, 16, (byte)(20 * id))))
        {
            Model = version is null ? null : new ModelRef { Name = PublishedModels.Name, Version = version },
        };
        async Task<byte[]> PixelsAsync(TranslateRequest r) =>
            ImageCodec.Decode((await client.TranslateAsync(r)).Image.Data.ToByteArray(), ImageLimits.Default).Pixels;

        var responses = await PublishUnderLoad.RunAsync(models, "v2", Clients, async id =>
        {
            var response = await client.TranslateAsync(ClientRequest(id));
            return (response.ModelVersion, ImageCodec.Decode(response.Image.Data.ToByteArray(), ImageLimits.Default).Pixels);
        });

        PublishUnderLoad.AssertSwitched(responses, "v1", "v2");
        // Each image is the one the named version makes (v1 stays loaded as the previous version, so it can be pinned);
        // batches of other sizes may round a pixel differently, a different version differs everywhere.
        var expected = new Dictionary<(string, int), byte[]>();
        foreach (var version in new[] { "v1", "v2" })
            for (var id = 0; id < Clients; id++)
                expected[(version, id)] = await PixelsAsync(ClientRequest(id, version));
        for (var id = 0; id < Clients; id++)
            Assert.True(MeanDifference(expected[("v1", id)], expected[("v2", id)]) > 10, $"client {id}: v1 and v2 translate alike");
        Assert.All(responses, r =>
            Assert.True(MaxDifference(expected[(r.Version, r.Client)], r.Output) <= 2, $"client {r.Client}: not the image of {r.Version}"));
    }

    private static int MaxDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    private static double MeanDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
}
