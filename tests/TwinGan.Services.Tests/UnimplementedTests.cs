using Grpc.Core;
using TwinGan.Contracts.Embedder.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Testing;

namespace TwinGan.Services.Tests;

/// <summary>An RPC of the v1 contract that this server version does not implement answers Unimplemented with a sentence, and the host keeps serving.</summary>
public sealed class UnimplementedTests
{
    [Fact]
    public async Task Translate_NotBuiltYet_ReturnsUnimplementedWithMessage()
    {
        await using var host = await HostProcess.StartServiceAsync("Translator");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.TranslateAsync(new TranslateRequest()));

        AssertExplained(error, "/twingan.translator.v1.TranslatorService/Translate");
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "liveness"));
    }

    [Fact]
    public async Task TranslateStream_NotBuiltYet_ReturnsUnimplemented()
    {
        await using var host = await HostProcess.StartServiceAsync("Translator");
        using var call = new TranslatorService.TranslatorServiceClient(host.Channel).TranslateStream();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));

        AssertExplained(error, "/twingan.translator.v1.TranslatorService/TranslateStream");
    }

    [Fact]
    public async Task EmbedderSearchTrainer_NotBuiltYet_ReturnUnimplemented()
    {
        await using var host = await HostProcess.StartEmbeddedAsync();

        AssertExplained(await Assert.ThrowsAsync<RpcException>(async () =>
            await new EmbedderService.EmbedderServiceClient(host.Channel).EmbedAsync(new EmbedRequest())),
            "/twingan.embedder.v1.EmbedderService/Embed");
        AssertExplained(await Assert.ThrowsAsync<RpcException>(async () =>
            await new SearchService.SearchServiceClient(host.Channel).GetReindexStatusAsync(new GetReindexStatusRequest())),
            "/twingan.search.v1.SearchService/GetReindexStatus");
        AssertExplained(await Assert.ThrowsAsync<RpcException>(async () =>
            await new TrainerService.TrainerServiceClient(host.Channel).ListJobsAsync(new ListJobsRequest())),
            "/twingan.trainer.v1.TrainerService/ListJobs");
    }

    private static void AssertExplained(RpcException error, string method)
    {
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains(method, error.Status.Detail);
        Assert.Contains("not implemented by this server version", error.Status.Detail);
    }
}
