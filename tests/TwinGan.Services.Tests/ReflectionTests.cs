using Grpc.Reflection.V1Alpha;
using TwinGan.Testing;

namespace TwinGan.Services.Tests;

/// <summary>Server reflection lets grpcurl and other tools discover each host's services.</summary>
public sealed class ReflectionTests
{
    [Theory]
    [InlineData("Translator", "twingan.translator.v1.TranslatorService")]
    [InlineData("Embedder", "twingan.embedder.v1.EmbedderService")]
    [InlineData("Search", "twingan.search.v1.SearchService")]
    [InlineData("Trainer", "twingan.trainer.v1.TrainerService")]
    public async Task ListServices_Host_IncludesItsServiceAndHealth(string service, string serviceName)
    {
        await using var host = await HostProcess.StartServiceAsync(service);

        var names = await ListServicesAsync(host);

        Assert.Contains(serviceName, names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [Fact]
    public async Task FileContainingSymbol_TranslatorService_ReturnsItsProtoFile()
    {
        await using var host = await HostProcess.StartServiceAsync("Translator");
        using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "twingan.translator.v1.TranslatorService" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.NotEmpty(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
    }

    internal static async Task<List<string>> ListServicesAsync(HostProcess host)
    {
        using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "reflection returned no response");
        return call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }
}
