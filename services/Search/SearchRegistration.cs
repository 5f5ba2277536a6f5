using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TwinGan.Contracts.Embedder.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.EmbedderClient;
using TwinGan.Search.Gallery;
using TwinGan.Search.Grpc;
using TwinGan.Search.Indexing;
using TwinGan.Search.Options;
using TwinGan.Search.Reindex;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search;

/// <summary>Registers the Search gRPC service in a host (its own, or the embedded all-in-one).</summary>
public static class SearchRegistration
{
    /// <summary>Full proto name; also the <c>grpc.health.v1</c> service name of this service's readiness.</summary>
    public static readonly string ServiceName = SearchService.Descriptor.FullName;

    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateOnStart();
        services.AddOptions<SearchLimits>().BindConfiguration(SearchLimits.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>();
        services.AddSingleton<IValidateOptions<SearchLimits>, SearchOptionsValidator>();
        services.AddGrpcServiceHealth(ServiceName, "the index is loading");

        services.AddSingleton<IGalleryStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var search = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            return storage.Provider == StorageProvider.Redis
                ? new RedisGalleryStore(sp.GetRequiredService<IConnectionMultiplexer>(), storage.Redis.KeyPrefix,
                    new StreamTrimming(search.StreamTrim, search.StreamTrimMargin, search.StreamReplicaTtl))
                : new FileGalleryStore(GalleryDirectory(storage));
        });
        services.AddSingleton<IReindexStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Provider == StorageProvider.Redis
                ? new RedisReindexStore(sp.GetRequiredService<IConnectionMultiplexer>(), storage.Redis.KeyPrefix)
                : new FileReindexStore(GalleryDirectory(storage));
        });
        services.AddSingleton<ReindexCoordinator>();
        services.AddHostedService<ReindexWorker>();
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<SearchOptions>>().Value.SnapshotPath;
            var root = FileStorage.ResolveRoot(sp.GetRequiredService<IOptions<StorageOptions>>().Value.File.Root);
            return new SnapshotLocation(path.Length > 0 ? Path.GetFullPath(path) : Path.Combine(root, "search", "index.snapshot"));
        });
        services.AddSingleton(sp => new Replica(new GalleryIndex(
            ReplicaFollower.HnswOptionsOf(sp.GetRequiredService<IOptions<SearchOptions>>().Value), null)));
        services.AddHostedService<ReplicaFollower>();
        services.AddScoped<GalleryService>();
        AddEmbedderClient(services);
        return services;
    }

    private static string GalleryDirectory(StorageOptions storage) => Path.Combine(FileStorage.ResolveRoot(storage.File.Root), "search", "gallery");

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<SearchGrpcService>();
        return endpoints;
    }

    /// <summary>
    /// Embedder client: call context propagation (deadline, cancellation) and retries of UNAVAILABLE only, which is safe
    /// because Embed is idempotent. A <c>dns:///host:port</c> address (a headless Service) is resolved to every
    /// Embedder pod and balanced per call (round_robin); an http(s) address is one HTTP/2 connection to one pod.
    /// </summary>
    private static void AddEmbedderClient(IServiceCollection services)
    {
        services.AddSingleton(sp => new EmbedderEndpoint(ResolveEmbedderAddress(
            sp.GetRequiredService<IOptions<SearchOptions>>().Value, sp.GetRequiredService<IOptions<ServerOptions>>().Value)));
        services.AddTransient<EmbedderGateway>();
        services.AddGrpcClient<EmbedderService.EmbedderServiceClient>((sp, o) => o.Address = sp.GetRequiredService<EmbedderEndpoint>().Address)
            .ConfigureChannel((sp, channel) =>
            {
                var config = new ServiceConfig
                {
                    MethodConfigs =
                    {
                        new MethodConfig
                        {
                            Names = { MethodName.Default },
                            RetryPolicy = new RetryPolicy
                            {
                                MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500),
                                BackoffMultiplier = 2, RetryableStatusCodes = { StatusCode.Unavailable },
                            },
                        },
                    },
                };
                if (sp.GetRequiredService<EmbedderEndpoint>().Address.Scheme == DnsScheme)
                {
                    config.LoadBalancingConfigs.Add(new RoundRobinConfig());
                    // A dns: address names no scheme; the Embedder speaks TLS exactly when this deployment's hosts do.
                    channel.Credentials = string.IsNullOrEmpty(sp.GetRequiredService<IOptions<ServerOptions>>().Value.CertificatePath)
                        ? ChannelCredentials.Insecure
                        : ChannelCredentials.SecureSsl;
                }
                channel.ServiceConfig = config;
            })
            .EnableCallContextPropagation(o => o.SuppressContextNotFoundErrors = true);
    }

    internal const string DnsScheme = "dns";

    /// <summary><c>Search:EmbedderAddress</c>, else this host's own gRPC port on loopback (the embedded shape serves the Embedder there).</summary>
    internal static Uri ResolveEmbedderAddress(SearchOptions search, ServerOptions server)
    {
        if (search.EmbedderAddress.Length > 0) return new Uri(search.EmbedderAddress);
        var host = server.ListenAddress is "0.0.0.0" or "::" or "[::]" or "*" or "" ? "127.0.0.1" : server.ListenAddress;
        var scheme = string.IsNullOrEmpty(server.CertificatePath) ? "http" : "https";
        return new Uri($"{scheme}://{host}:{server.Port}");
    }
}
