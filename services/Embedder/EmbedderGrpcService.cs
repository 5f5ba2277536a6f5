using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Embedder.V1;
using TwinGan.Data.Imaging;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.Serving;

namespace TwinGan.Embedder;

/// <summary>
/// gRPC adapter of the Embedder: validates, decodes and crops on the request thread, then joins the dynamic
/// batch of its model version. Every embedding names the model version that produced it.
/// </summary>
internal sealed class EmbedderGrpcService(
    ServedModels models,
    InferenceBatching batching,
    ImagePreparation images,
    IOptions<LimitsOptions> limits) : EmbedderService.EmbedderServiceBase
{
    public override Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context) =>
        EmbedOneAsync(request, request.Model, "", context.CancellationToken);

    public override async Task<EmbedBatchResponse> EmbedBatch(EmbedBatchRequest request, ServerCallContext context)
    {
        var (pin, model) = models.AcquireForBatch(request.Model, request.Requests.Count, limits.Value.MaxBatchSize);
        using var _ = pin;
        var items = request.Requests.Select((r, i) => BatchItemAsync(r, model, $"requests[{i}].", context.CancellationToken));
        var response = new EmbedBatchResponse();
        response.Results.AddRange(await Task.WhenAll(items));
        return response;
    }

    public override Task<GetModelInfoResponse> GetModelInfo(GetModelInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetModelInfoResponse { Model = models.Describe(request.Model) });

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListModelsResponse { Models = { models.DescribeAll() } });

    private async Task<EmbedBatchResult> BatchItemAsync(EmbedRequest request, ModelRef model, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            return new EmbedBatchResult { Response = await EmbedOneAsync(request, model, prefix, cancellationToken) };
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition)
        {
            return new EmbedBatchResult { Error = ItemErrors.From(e) };
        }
    }

    private async Task<EmbedResponse> EmbedOneAsync(EmbedRequest request, ModelRef? modelRef, string prefix, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = models.Acquire(modelRef);
        var info = lease.Model.Info;
        if (request.Image is null || request.Image.Data.IsEmpty) RpcErrors.ThrowInvalidArgument(prefix + "image.data", "is empty");
        if (!info.Domains.Contains(request.Domain))
            RpcErrors.ThrowInvalidArgument(prefix + "domain", $"'{request.Domain}' is not a domain of {info.Name} {info.Version} ({string.Join(", ", info.Domains)})");
        var kind = ServedModelMapper.FromProto(request.Layout);
        if (!info.EmbeddingDimensions.ContainsKey(kind))
            RpcErrors.ThrowFailedPrecondition($"{info.Name} {info.Version} has no {kind} embedding layout.");
        PreparedImage prepared;
        try
        {
            prepared = images.Prepare(request.Image.Data.ToByteArray(), info.Resolution, request.FaceCrop);
        }
        catch (ImageDecodeException e)
        {
            throw ServingErrors.ForImage(prefix + "image.data", e);
        }
        Batched<float[]> batched;
        try
        {
            batched = await batching.EmbedAsync(lease.Model, new EmbeddingKey(request.Domain, kind), prepared.Image, cancellationToken);
        }
        catch (QueueFullException e)
        {
            throw ServingErrors.ForQueue(e);
        }
        return new EmbedResponse
        {
            Embedding = new Embedding
            {
                Values = { batched.Value },
                Layout = ServedModelMapper.ToProto(kind),
                ModelName = info.Name,
                ModelVersion = info.Version,
                Domain = request.Domain,
            },
            FaceCrop = prepared.FaceCropRequested ? FaceCrops.ToProto(prepared) : null,
            Timings = new ServingTimings
            {
                DecodeTime = Duration.FromTimeSpan(prepared.DecodeTime),
                QueueTime = Duration.FromTimeSpan(batched.QueueTime),
                ComputeTime = Duration.FromTimeSpan(batched.ComputeTime),
                BatchSize = batched.BatchSize,
                TotalTime = Duration.FromTimeSpan(Stopwatch.GetElapsedTime(started)),
            },
        };
    }
}
