using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Health;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.ServiceDefaults.Security;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.ServiceDefaults.Hosting;

/// <summary>
/// What every TwinGan host has: Kestrel (HTTP/2 gRPC port, HTTP/1.1 metrics port, TLS when configured),
/// validated options, telemetry, <c>grpc.health.v1</c>, reflection, optional bearer-key auth and the storage
/// provider. A service host then calls <see cref="AddGrpcServiceHealth"/> for each service it serves.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string hostName)
    {
        NativeStderrFilter.Install();
        var services = builder.Services;
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        // Per-request framework logs at Information would drown the services' own events; configuration can lower it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        builder.WebHost.ConfigureKestrel((_, kestrel) => KestrelSetup.Configure(kestrel, hostName));
        builder.AddTelemetry(hostName);

        services.AddSingleton(new AdminMethods());
        services.AddSingleton<ServiceReadiness>(new ServiceReadiness());
        services.AddGrpc();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ServerOptions>>((grpc, server) =>
        {
            grpc.MaxReceiveMessageSize = server.Value.MaxRequestBytes;
            grpc.MaxSendMessageSize = server.Value.MaxResponseBytes;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<ApiKeyInterceptor>();
        });
        services.AddGrpcReflection();

        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("the process answers"), tags: [HealthNames.LivenessTag])
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthNames.SharedDependencyTag]);
        services.AddSingleton<IHealthCheckPublisher, HealthTransitionLogger>();
        services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.Zero;
            o.Period = TimeSpan.FromSeconds(2);
        });
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map(HealthNames.Overall, _ => true);
            o.Services.Map(HealthNames.Liveness, r => r.Tags.Contains(HealthNames.LivenessTag));
        });
        RedisConnection.Register(services);
        services.AddSingleton<IModelRegistry>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Provider == StorageProvider.Redis
                ? new RedisModelRegistry(sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), storage.Redis.KeyPrefix)
                : new FileModelRegistry(storage.File.Root);
        });
        return builder;
    }

    /// <summary>
    /// Declares a gRPC service hosted by this process. Its health answers NOT_SERVING with
    /// <paramref name="notReadyReason"/> until the service marks itself ready through <see cref="ServiceReadiness"/>,
    /// and also while the storage provider is unreachable.
    /// </summary>
    public static IServiceCollection AddGrpcServiceHealth(this IServiceCollection services, string serviceName, string notReadyReason)
    {
        var readiness = (ServiceReadiness)services.Single(d => d.ServiceType == typeof(ServiceReadiness)).ImplementationInstance!;
        readiness.Declare(serviceName, notReadyReason);
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            serviceName, sp => new ReadinessHealthCheck(readiness, serviceName), HealthStatus.Unhealthy, [serviceName]));
        services.Configure<GrpcHealthChecksOptions>(o =>
            o.Services.Map(serviceName, r => r.Tags.Contains(serviceName) || r.Tags.Contains(HealthNames.SharedDependencyTag)));
        return services;
    }

    /// <summary>Declares a service that is ready as soon as the host has started and storage answers.</summary>
    public static IServiceCollection AddGrpcServiceHealthReadyOnStart(this IServiceCollection services, string serviceName)
    {
        services.AddGrpcServiceHealth(serviceName, "the host is starting");
        return services.AddSingleton<IHostedService>(sp => new MarkReadyOnStart(sp.GetRequiredService<ServiceReadiness>(), serviceName));
    }

    /// <summary>Methods of <paramref name="serviceName"/> that need an admin-scoped key when auth is enabled.</summary>
    public static IServiceCollection AddAdminMethods(this IServiceCollection services, string serviceName, params string[] methods)
    {
        var admin = (AdminMethods?)services.SingleOrDefault(d => d.ServiceType == typeof(AdminMethods))?.ImplementationInstance
            ?? throw new InvalidOperationException("Call AddServiceDefaults before AddAdminMethods.");
        admin.Add(serviceName, methods);
        return services;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapMetricsEndpoint();
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TwinGan.Host");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            ServiceLog.StorageProvider(logger, storage.Provider);
            ServiceLog.AuthState(logger, auth.Enabled, auth.Keys.Count);
        });
        return app;
    }
}
