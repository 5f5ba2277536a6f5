using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.Serving;

namespace TwinGan.Translator;

/// <summary>
/// gRPC adapter of the Translator: unary, batch and bidirectional-stream translation through the dynamic batcher
/// of the serving model version; responses carry the version that served them. TranslateChunked answers
/// Unimplemented until chunked transfer is built.
/// </summary>
internal sealed class TranslatorGrpcService(
    ServedModels models,
    InferenceBatching batching,
    ImagePreparation images,
    IOptions<LimitsOptions> limits) : TranslatorService.TranslatorServiceBase
{
    public override Task<TranslateResponse> Translate(TranslateRequest request, ServerCallContext context) =>
        TranslateOneAsync(request, request.Model, "", context.CancellationToken);

    public override async Task<TranslateBatchResponse> TranslateBatch(TranslateBatchRequest request, ServerCallContext context)
    {
        var (pin, model) = models.AcquireForBatch(request.Model, request.Requests.Count, limits.Value.MaxBatchSize);
        using var _ = pin;
        var results = await Task.WhenAll(request.Requests.Select((r, i) => BatchItemAsync(r, model, $"requests[{i}].", context.CancellationToken)));
        return new TranslateBatchResponse { Results = { results } };
    }

    public override async Task TranslateStream(
        IAsyncStreamReader<TranslateStreamRequest> requestStream, IServerStreamWriter<TranslateStreamResponse> responseStream, ServerCallContext context)
    {
        var frames = new TranslateStreamSession(this, limits.Value.MaxStreamFramesInFlight);
        await frames.RunAsync(requestStream, responseStream, context.CancellationToken);
    }

    public override Task<GetModelInfoResponse> GetModelInfo(GetModelInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetModelInfoResponse { Model = models.Describe(request.Model) });

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListModelsResponse { Models = { models.DescribeAll() } });

    /// <summary>One stream frame under the stream's configuration; errors become the frame's error, not the stream's.</summary>
    internal async Task<TranslateStreamResponse> TranslateFrameAsync(TranslateStreamConfig config, TranslateFrame frame, CancellationToken cancellationToken)
    {
        var request = new TranslateRequest
        {
            Image = frame.Image,
            SourceDomain = config.SourceDomain,
            TargetDomain = config.TargetDomain,
            StyleReference = config.StyleReference,
            Output = config.Output,
            FaceCrop = config.FaceCrop,
        };
        request.TargetAttributes.Add(config.TargetAttributes);
        try
        {
            var response = await TranslateOneAsync(request, config.Model, "frame.", cancellationToken);
            return new TranslateStreamResponse
            {
                Sequence = frame.Sequence,
                Image = response.Image,
                ModelVersion = response.ModelVersion,
                FaceCrop = response.FaceCrop,
                Timings = response.Timings,
            };
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted)
        {
            return new TranslateStreamResponse { Sequence = frame.Sequence, Error = ItemErrors.From(e) };
        }
    }

    private async Task<TranslateBatchResult> BatchItemAsync(TranslateRequest request, ModelRef model, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            return new TranslateBatchResult { Response = await TranslateOneAsync(request, model, prefix, cancellationToken) };
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition)
        {
            return new TranslateBatchResult { Error = ItemErrors.From(e) };
        }
    }

    private async Task<TranslateResponse> TranslateOneAsync(TranslateRequest request, ModelRef? modelRef, string prefix, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = models.Acquire(modelRef ?? request.Model);
        var info = lease.Model.Info;
        var plan = TranslationRequests.Plan(info, images, limits.Value, prefix, request.Image, request.SourceDomain, request.TargetDomain,
            request.StyleReference, request.TargetAttributes, request.Output, request.FaceCrop);
        Batched<RgbImage> batched;
        try
        {
            batched = await batching.TranslateAsync(lease.Model, plan.Key, plan.Input, cancellationToken);
        }
        catch (QueueFullException e)
        {
            throw ServingErrors.ForQueue(e);
        }
        var computed = Stopwatch.GetTimestamp();
        var translated = batched.Value;
        var output = plan.OutputSize == translated.Width ? translated : translated.Resize(plan.OutputSize, plan.OutputSize);
        var bytes = ImageCodec.Encode(output, plan.Format, plan.Quality);
        return new TranslateResponse
        {
            Image = new Image { Data = ByteString.CopyFrom(bytes), MediaType = ImageCodec.MediaType(plan.Format) },
            ModelName = info.Name,
            ModelVersion = info.Version,
            FaceCrop = plan.Prepared.FaceCropRequested ? FaceCrops.ToProto(plan.Prepared) : null,
            Timings = new ServingTimings
            {
                DecodeTime = Duration.FromTimeSpan(plan.Prepared.DecodeTime),
                QueueTime = Duration.FromTimeSpan(batched.QueueTime),
                ComputeTime = Duration.FromTimeSpan(batched.ComputeTime),
                BatchSize = batched.BatchSize,
                EncodeTime = Duration.FromTimeSpan(Stopwatch.GetElapsedTime(computed)),
                TotalTime = Duration.FromTimeSpan(Stopwatch.GetElapsedTime(started)),
            },
        };
    }
}
