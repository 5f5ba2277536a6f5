using Grpc.Core;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Storage;
using TwinGan.Trainer.Grpc;
using TwinGan.Trainer.Jobs;
using TwinGan.Trainer.Models;
using TwinGan.Trainer.Storage;

namespace TwinGan.Trainer;

/// <summary>
/// gRPC adapter of the Trainer service: maps messages to the job and model use cases and their failures to the statuses
/// of docs/protos.md (field violations for bad input, UNAVAILABLE while storage is unreachable).
/// </summary>
internal sealed class TrainerGrpcService(JobService jobs, JobWatch watch, ModelCatalog catalog, ModelPublisher publisher) : TrainerService.TrainerServiceBase
{
    public override Task<Job> StartJob(StartJobRequest request, ServerCallContext context) =>
        Guard(() => jobs.StartJobAsync(request, context.CancellationToken));

    public override Task WatchJob(WatchJobRequest request, IServerStreamWriter<JobEvent> responseStream, ServerCallContext context) =>
        Guard(async () =>
        {
            await watch.RunAsync(request, responseStream, context.CancellationToken);
            return true;
        });

    public override Task<Job> GetJob(GetJobRequest request, ServerCallContext context) =>
        Guard(() => jobs.GetJobAsync(request.JobId, context.CancellationToken));

    public override Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context) =>
        Guard(() => jobs.ListJobsAsync(request, context.CancellationToken));

    public override Task<ListCheckpointsResponse> ListCheckpoints(ListCheckpointsRequest request, ServerCallContext context) =>
        Guard(() => jobs.ListCheckpointsAsync(request, context.CancellationToken));

    public override Task<Job> CancelJob(CancelJobRequest request, ServerCallContext context) =>
        Guard(() => jobs.CancelJobAsync(request, context.CancellationToken));

    public override Task<Job> ResumeJob(ResumeJobRequest request, ServerCallContext context) =>
        Guard(() => jobs.ResumeJobAsync(request, context.CancellationToken));

    public override Task<ModelVersion> PublishModel(PublishModelRequest request, ServerCallContext context) =>
        Guard(() => publisher.PublishAsync(request, context.CancellationToken));

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context) =>
        Guard(() => catalog.ListModelsAsync(request, context.CancellationToken));

    public override Task<RegisteredModel> GetModel(GetModelRequest request, ServerCallContext context) =>
        Guard(() => catalog.GetModelAsync(request, context.CancellationToken));

    public override Task<RegisteredModel> SetCurrentModelVersion(SetCurrentModelVersionRequest request, ServerCallContext context) =>
        Guard(() => catalog.SetCurrentModelVersionAsync(request, context.CancellationToken));

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestRejectedException e)
        {
            throw e.ToRpcException();
        }
        catch (StoreUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }
}
