using Grpc.Core;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Testing;

namespace TwinGan.Services.Tests;

/// <summary>An RPC of the v1 contract that this server version does not implement answers Unimplemented with a sentence, and the host keeps serving.</summary>
public sealed class UnimplementedTests
{
    [Fact]
    public async Task Trainer_NotBuiltYet_ReturnUnimplemented()
    {
        await using var host = await HostProcess.StartEmbeddedAsync();
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
