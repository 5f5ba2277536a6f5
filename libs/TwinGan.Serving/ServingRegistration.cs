using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinGan.Data.Augmentation;
using TwinGan.Data.Imaging;
using TwinGan.ServiceDefaults.Health;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.ServiceDefaults.Registry;

namespace TwinGan.Serving;

/// <summary>
/// Registers model serving for a service (Translator, Embedder): the model host following the registry, the
/// batching queues and request image preparation. Idempotent, so the embedded host can serve both services from
/// one set of loaded models. The service is NOT_SERVING until its models are loaded and warm.
/// </summary>
public static class ServingRegistration
{
    public static IServiceCollection AddModelServing(this IServiceCollection services, string serviceName)
    {
        services.AddGrpcServiceHealth(serviceName, "no model version is loaded yet");
        services.AddSingleton(new ServingServiceName(serviceName));
        if (services.Any(d => d.ServiceType == typeof(ModelHost<IServableModel>))) return services;
        TwinGan.Model.NativeAllocator.Configure();

        services.AddOptions<ModelsOptions>().BindConfiguration(ModelsOptions.Section).Validate(ModelDevice.IsWellFormed, ModelDevice.FormRequirement).ValidateOnStart();
        services.AddHostedService<ModelDevice>();
        services.TryAddSingleton<IModelLoader<IServableModel>, BundleModelLoader>();
        services.AddOptions<BatchingOptions>().BindConfiguration(BatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new ModelHost<IServableModel>(
            sp.GetRequiredService<IModelRegistry>(),
            sp.GetRequiredService<IModelLoader<IServableModel>>(),
            sp.GetRequiredService<IOptions<ModelsOptions>>().Value,
            sp.GetRequiredService<ServiceReadiness>(),
            sp.GetServices<ServingServiceName>().Select(s => s.Name).ToList(),
            sp.GetRequiredService<ILogger<ModelHost<IServableModel>>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ModelHost<IServableModel>>());
        services.AddSingleton<ServedModels>();
        services.AddSingleton(sp => new InferenceBatching(sp.GetRequiredService<IOptions<BatchingOptions>>().Value));
        services.AddOptions<FaceCropServingOptions>().BindConfiguration(FaceCropServingOptions.Section);
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<LimitsOptions>>().Value;
            var cascades = sp.GetRequiredService<IOptions<FaceCropServingOptions>>().Value.CascadeDirectory;
            return new ImagePreparation(new ImageLimits(limits.MaxImageBytes, limits.MaxImagePixels),
                ImagePreparation.LazyFaceCropper(FaceCropOptions.HumanFaces(cascades), sp.GetRequiredService<ILogger<ImagePreparation>>()));
        });
        return services;
    }

    /// <summary>The serving services hosted by this process (one, or two in the embedded host).</summary>
    internal sealed record ServingServiceName(string Name);
}
