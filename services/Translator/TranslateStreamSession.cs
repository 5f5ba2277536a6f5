using System.Threading.Channels;
using Grpc.Core;
using TwinGan.Contracts.Translator.V1;
using TwinGan.ServiceDefaults.Grpc;

namespace TwinGan.Translator;

/// <summary>
/// One TranslateStream call: a config message first (re-sent to change settings), then frames. Up to
/// <c>maxInFlight</c> frames translate concurrently (so they can share batches) and answers go out in the order the
/// frames came in. With <c>allow_frame_drop</c> a frame arriving while all slots are busy is answered
/// <c>dropped</c> at once instead of waiting — a webcam wants the newest frame, not a queue of old ones.
/// </summary>
internal sealed class TranslateStreamSession(TranslatorGrpcService service, int maxInFlight)
{
    public async Task RunAsync(
        IAsyncStreamReader<TranslateStreamRequest> requests, IServerStreamWriter<TranslateStreamResponse> responses, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(maxInFlight);
        var ordered = Channel.CreateUnbounded<Task<TranslateStreamResponse>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = WriteInOrderAsync(ordered.Reader, responses);
        try
        {
            TranslateStreamConfig? config = null;
            while (await requests.MoveNext(cancellationToken))
            {
                var message = requests.Current;
                if (message.MessageCase == TranslateStreamRequest.MessageOneofCase.Config)
                {
                    config = message.Config;
                    continue;
                }
                if (message.MessageCase != TranslateStreamRequest.MessageOneofCase.Frame)
                    RpcErrors.ThrowInvalidArgument("message", "must be a config or a frame");
                if (config is null)
                    RpcErrors.ThrowInvalidArgument("config", "the first message of a stream must be a config (source and target domain)");
                await ordered.Writer.WriteAsync(await StartAsync(config, message.Frame, slots, cancellationToken), cancellationToken);
            }
        }
        finally
        {
            ordered.Writer.TryComplete();
            await writer;
        }
    }

    private async Task<Task<TranslateStreamResponse>> StartAsync(TranslateStreamConfig config, TranslateFrame frame, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        if (config.AllowFrameDrop && !slots.Wait(0, CancellationToken.None))
            return Task.FromResult(new TranslateStreamResponse { Sequence = frame.Sequence, Dropped = true });
        if (!config.AllowFrameDrop) await slots.WaitAsync(cancellationToken);
        return TranslateAndReleaseAsync(config, frame, slots, cancellationToken);
    }

    private async Task<TranslateStreamResponse> TranslateAndReleaseAsync(TranslateStreamConfig config, TranslateFrame frame, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            return await service.TranslateFrameAsync(config, frame, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private static async Task WriteInOrderAsync(ChannelReader<Task<TranslateStreamResponse>> ordered, IServerStreamWriter<TranslateStreamResponse> responses)
    {
        await foreach (var next in ordered.ReadAllAsync())
            await responses.WriteAsync(await next);
    }
}
