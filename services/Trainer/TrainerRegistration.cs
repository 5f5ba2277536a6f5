using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.ServiceDefaults.Storage;
using TwinGan.Trainer.Jobs;
using TwinGan.Trainer.Models;
using TwinGan.Trainer.Options;
using TwinGan.Trainer.Storage;
using TwinGan.Trainer.Workers;

namespace TwinGan.Trainer;

/// <summary>Registers the Trainer gRPC service in a host (its own, or the embedded all-in-one).</summary>
public static class TrainerRegistration
{
    /// <summary>Full proto name; also the <c>grpc.health.v1</c> service name of this service's readiness.</summary>
    public static readonly string ServiceName = TrainerService.Descriptor.FullName;

    public static IServiceCollection AddTrainer(this IServiceCollection services)
    {
        services.AddOptions<TrainerOptions>().BindConfiguration(TrainerOptions.Section).ValidateOnStart();
        services.AddOptions<ModelStoreOptions>().BindConfiguration(ModelStoreOptions.Section);
        services.AddSingleton<IValidateOptions<TrainerOptions>, TrainerOptionsValidator>();
        services.AddGrpcServiceHealthReadyOnStart(ServiceName);
        services.AddAdminMethods(ServiceName, "StartJob", "CancelJob", "ResumeJob", "PublishModel", "SetCurrentModelVersion");

        services.AddSingleton<IJobStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var trainer = sp.GetRequiredService<IOptions<TrainerOptions>>().Value;
            return storage.Provider == StorageProvider.Redis
                ? new RedisJobStore(sp.GetRequiredService<IConnectionMultiplexer>(), storage.Redis.KeyPrefix, trainer.EventRetention, trainer.LeaseDuration)
                : new FileJobStore(Path.Combine(FileStorage.ResolveRoot(storage.File.Root), "trainer"), trainer.EventRetention);
        });
        services.AddSingleton(sp =>
        {
            var runRoot = sp.GetRequiredService<IOptions<TrainerOptions>>().Value.RunRoot;
            var root = FileStorage.ResolveRoot(sp.GetRequiredService<IOptions<StorageOptions>>().Value.File.Root);
            return new RunDirectories(runRoot.Length > 0 ? runRoot : Path.Combine(root, "trainer", "runs"));
        });
        services.AddSingleton(sp =>
        {
            var storeRoot = sp.GetRequiredService<IOptions<ModelStoreOptions>>().Value.StoreRoot;
            var root = FileStorage.ResolveRoot(sp.GetRequiredService<IOptions<StorageOptions>>().Value.File.Root);
            return new ModelStore(storeRoot.Length > 0 ? storeRoot : Path.Combine(root, "models"));
        });
        services.AddSingleton(sp => new DatasetChecks(sp.GetRequiredService<IOptions<TrainerOptions>>().Value.AllowedDatasetRoots));
        services.AddSingleton(sp => new JobConfigMapper(sp.GetRequiredService<IOptions<TrainerOptions>>().Value, sp.GetRequiredService<DatasetChecks>()));
        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<JobService>();
        services.AddSingleton<JobWatch>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<ModelPublisher>();
        services.AddHostedService<JobWorkerPool>();
        return services;
    }

    public static IEndpointRouteBuilder MapTrainer(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<TrainerGrpcService>();
        return endpoints;
    }
}
