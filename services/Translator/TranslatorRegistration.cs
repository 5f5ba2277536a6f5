using TwinGan.Contracts.Translator.V1;
using TwinGan.Serving;

namespace TwinGan.Translator;

/// <summary>Registers the Translator gRPC service in a host (its own, or the embedded all-in-one).</summary>
public static class TranslatorRegistration
{
    /// <summary>Full proto name; also the <c>grpc.health.v1</c> service name of this service's readiness.</summary>
    public static readonly string ServiceName = TranslatorService.Descriptor.FullName;

    public static IServiceCollection AddTranslator(this IServiceCollection services)
    {
        services.AddModelServing(ServiceName);
        return services;
    }

    public static IEndpointRouteBuilder MapTranslator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<TranslatorGrpcService>();
        return endpoints;
    }
}
