using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using TwinGan.Contracts.Embedder.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Contracts.Translator.V1;

namespace TwinGan.Cli.Client;

/// <summary>A connection to one deployment: the channel, typed clients, the output mode and the deadline of each call.</summary>
internal sealed class ClientContext : IDisposable
{
    private readonly GrpcChannel _channel;

    private ClientContext(GrpcChannel channel, CallInvoker invoker, string address, bool json, TimeSpan timeout)
    {
        _channel = channel;
        Invoker = invoker;
        Address = address;
        Json = json;
        Timeout = timeout;
        Console = new CliConsole(json);
    }

    public string Address { get; }

    public bool Json { get; }

    public TimeSpan Timeout { get; }

    public CallInvoker Invoker { get; }

    public CliConsole Console { get; }

    public TranslatorService.TranslatorServiceClient Translator => new(Invoker);

    public EmbedderService.EmbedderServiceClient Embedder => new(Invoker);

    public SearchService.SearchServiceClient Search => new(Invoker);

    public TrainerService.TrainerServiceClient Trainer => new(Invoker);

    /// <summary>Deadline for one unary call started now.</summary>
    public DateTime Deadline() => DateTime.UtcNow + Timeout;

    public static ClientContext Connect(string address, string? apiKey, bool json, TimeSpan timeout)
    {
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 16 * 1024 * 1024,
        });
        CallInvoker invoker = channel.CreateCallInvoker();
        if (apiKey is not null)
            invoker = invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {apiKey}");
                return metadata;
            });
        return new ClientContext(channel, invoker, address, json, timeout);
    }

    public void Dispose() => _channel.Dispose();
}
