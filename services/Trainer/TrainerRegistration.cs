using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Hosting;

namespace TwinGan.Trainer;

/// <summary>Registers the Trainer gRPC service in a host (its own, or the embedded all-in-one).</summary>
public static class TrainerRegistration
{
    /// <summary>Full proto name; also the <c>grpc.health.v1</c> service name of this service's readiness.</summary>
    public static readonly string ServiceName = TrainerService.Descriptor.FullName;

    public static IServiceCollection AddTrainer(this IServiceCollection services)
    {
        services.AddGrpcServiceHealthReadyOnStart(ServiceName);
        services.AddAdminMethods(ServiceName, "StartJob", "CancelJob", "ResumeJob", "PublishModel", "SetCurrentModelVersion");
        return services;
    }

    public static IEndpointRouteBuilder MapTrainer(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<TrainerGrpcService>();
        return endpoints;
    }
}
