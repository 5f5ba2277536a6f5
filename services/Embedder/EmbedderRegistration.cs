using TwinGan.Contracts.Embedder.V1;
using TwinGan.Serving;

namespace TwinGan.Embedder;

/// <summary>Registers the Embedder gRPC service in a host (its own, or the embedded all-in-one).</summary>
public static class EmbedderRegistration
{
    /// <summary>Full proto name; also the <c>grpc.health.v1</c> service name of this service's readiness.</summary>
    public static readonly string ServiceName = EmbedderService.Descriptor.FullName;

    public static IServiceCollection AddEmbedder(this IServiceCollection services)
    {
        services.AddModelServing(ServiceName);
        return services;
    }

    public static IEndpointRouteBuilder MapEmbedder(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<EmbedderGrpcService>();
        return endpoints;
    }
}
