using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.Serving;

namespace TwinGan.Translator;

/// <summary>
/// gRPC adapter of the Translator: unary, batch, bidirectional-stream and chunked translation through the dynamic
/// batcher of the serving model version, with the optional translation cache in front; responses carry the
/// version that served them.
/// </summary>
internal sealed class TranslatorGrpcService(
    ServedModels models,
    InferenceBatching batching,
    ImagePreparation images,
    TranslationCache cache,
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

    public override async Task TranslateChunked(
        IAsyncStreamReader<TranslateChunkedRequest> requestStream, IServerStreamWriter<TranslateChunkedResponse> responseStream, ServerCallContext context)
    {
        var request = await ChunkedTransfer.ReadAsync(requestStream, limits.Value, context.CancellationToken);
        var response = await TranslateOneAsync(request, request.Model, "", context.CancellationToken);
        await ChunkedTransfer.WriteAsync(response, responseStream, limits.Value.MaxChunkBytes);
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
        var parameters = TranslationRequests.Validate(info, limits.Value, prefix, request);
        var cacheKey = cache.Enabled && !request.SkipCache ? TranslationCacheKey.For(info, request, parameters) : null;
        if (cacheKey is not null && await cache.GetAsync(cacheKey, info, cancellationToken) is { } cached)
        {
            cached.CacheHit = true;
            cached.Timings = new ServingTimings { TotalTime = Duration.FromTimeSpan(Stopwatch.GetElapsedTime(started)) };
            return cached;
        }
        var response = await ComputeAsync(lease.Model, info, TranslationRequests.Prepare(info, images, prefix, request, parameters), cancellationToken);
        if (cacheKey is not null) cache.Store(cacheKey, response);
        response.Timings.TotalTime = Duration.FromTimeSpan(Stopwatch.GetElapsedTime(started));
        return response;
    }

    private async Task<TranslateResponse> ComputeAsync(IServableModel model, ServableModelInfo info, TranslationPlan plan, CancellationToken cancellationToken)
    {
        Batched<RgbImage> batched;
        try
        {
            batched = await batching.TranslateAsync(model, plan.Parameters.Key, plan.Input, cancellationToken);
        }
        catch (QueueFullException e)
        {
            throw ServingErrors.ForQueue(e);
        }
        var computed = Stopwatch.GetTimestamp();
        var (size, format) = (plan.Parameters.OutputSize, plan.Parameters.Format);
        var output = size == batched.Value.Width ? batched.Value : batched.Value.Resize(size, size);
        var bytes = ImageCodec.Encode(output, format, plan.Parameters.Quality);
        return new TranslateResponse
        {
            Image = new Image { Data = UnsafeByteOperations.UnsafeWrap(bytes), MediaType = ImageCodec.MediaType(format) },
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
            },
        };
    }
}
