using Grpc.Core;
using TwinGan.Contracts.Search.V1;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Testing;

namespace TwinGan.Services.Tests;

/// <summary>An RPC of the v1 contract that this server version does not implement answers Unimplemented with a sentence, and the host keeps serving.</summary>
public sealed class UnimplementedTests
{
    [Fact]
    public async Task TranslateChunked_NotBuiltYet_ReturnsUnimplementedAndHostKeepsServing()
    {
        await using var host = await HostProcess.StartServiceAsync("Translator");
        using var call = new TranslatorService.TranslatorServiceClient(host.Channel).TranslateChunked();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));

        AssertExplained(error, "/twingan.translator.v1.TranslatorService/TranslateChunked");
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "liveness"));
    }

    [Fact]
    public async Task SearchTrainer_NotBuiltYet_ReturnUnimplemented()
    {
        await using var host = await HostProcess.StartEmbeddedAsync();
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
