using TwinGan.Contracts.Search.V1;
using TwinGan.ServiceDefaults.Hosting;

namespace TwinGan.Search;

/// <summary>Registers the Search gRPC service in a host (its own, or the embedded all-in-one).</summary>
public static class SearchRegistration
{
    /// <summary>Full proto name; also the <c>grpc.health.v1</c> service name of this service's readiness.</summary>
    public static readonly string ServiceName = SearchService.Descriptor.FullName;

    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddGrpcServiceHealthReadyOnStart(ServiceName);
        return services;
    }

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<SearchGrpcService>();
        return endpoints;
    }
}
