using Microsoft.Extensions.Options;
using TwinGan.Contracts.Translator.V1;
using TwinGan.ServiceDefaults.Storage;
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
        services.AddOptions<TranslationCacheOptions>().BindConfiguration(TranslationCacheOptions.Section)
            .ValidateDataAnnotations()
            .Validate<IOptions<StorageOptions>>(
                (cache, storage) => !cache.Enabled || cache.Configuration.Length > 0 || storage.Value.Redis.Configuration.Length > 0,
                "Translator:Cache:Enabled needs a Redis: set Translator:Cache:Configuration or Storage:Redis:Configuration.")
            .ValidateOnStart();
        services.AddSingleton<TranslationCache>();
        return services;
    }

    public static IEndpointRouteBuilder MapTranslator(this IEndpointRouteBuilder endpoints)
    {
        // Created with the host, so the cache connects while the models warm up rather than on the first request.
        endpoints.ServiceProvider.GetRequiredService<TranslationCache>();
        endpoints.MapGrpcService<TranslatorGrpcService>();
        return endpoints;
    }
}
