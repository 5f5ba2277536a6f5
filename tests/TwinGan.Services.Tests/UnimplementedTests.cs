using Grpc.Core;
using TwinGan.Contracts.Search.V1;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests;

/// <summary>
/// In the distributed shape each process hosts one service: a call for another service (a client pointed at the
/// wrong address) answers Unimplemented, and the process keeps serving its own.
/// </summary>
public sealed class UnimplementedTests
{
    [Fact]
    public async Task ServiceNotHostedByTheProcess_AnswersUnimplemented_AndKeepsServing()
    {
        await using var host = await HostProcess.StartServiceAsync("Translator");

        var trainer = await Assert.ThrowsAsync<RpcException>(async () =>
            await new TrainerService.TrainerServiceClient(host.Channel).ListJobsAsync(new ListJobsRequest()));
        var search = await Assert.ThrowsAsync<RpcException>(async () =>
            await new SearchService.SearchServiceClient(host.Channel).GetStatsAsync(new GetStatsRequest()));

        Assert.Equal(StatusCode.Unimplemented, trainer.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, search.StatusCode);
        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "liveness"));
        var models = await new TranslatorService.TranslatorServiceClient(host.Channel).ListModelsAsync(new TwinGan.Contracts.Translator.V1.ListModelsRequest());
        Assert.NotNull(models);
    }
}
