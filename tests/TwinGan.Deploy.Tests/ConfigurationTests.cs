using System.Net;
using StackExchange.Redis;
using TwinGan.Deploy.Tests.Configuration;
using TwinGan.Deploy.Tests.Kubernetes;
using TwinGan.Deploy.Tests.Rendering;

namespace TwinGan.Deploy.Tests;

public class ConfigurationTests
{
    /// <summary>Variables read by native libraries rather than by ASP.NET configuration.</summary>
    private static readonly HashSet<string> ProcessVariables = ["OMP_NUM_THREADS"];

    /// <summary>Options naming folders a service writes to, besides Storage:File:Root.</summary>
    private static readonly string[] WrittenFolders = ["Search__SnapshotPath", "Trainer__RunRoot"];

    public static TheoryData<string, string> OverlaysAndServices => ServiceCatalog.OverlaysAndNames();

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Environment_ReferencesOnlyExistingConfigMapsSecretsAndKeys(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var problems = manifest.Workloads
            .SelectMany(w => w.Containers.SelectMany(c => PodEnvironment.Resolve(manifest, c).Problems.Select(p => $"{w.Name}: {p}")))
            .ToList();
        Assert.Empty(problems);
    }

    [DeployTheory]
    [MemberData(nameof(OverlaysAndServices))]
    public void ConfigKeys_AreOptionsTheServiceBinds(string overlay, string name)
    {
        var (service, env) = Environment(overlay, name);
        var configuration = new ServiceConfiguration(service, Settings(env));
        var unknown = env.Values.Keys.Where(k => k.Contains("__", StringComparison.Ordinal))
            .Select(ToConfigKey).Where(k => !configuration.IsKnownKey(k)).ToList();
        var sections = string.Join(", ", configuration.OptionTypes.Select(t => $"{t.Value} ({t.Key.Name})"));
        Assert.True(unknown.Count == 0, $"{name} binds no option {string.Join(", ", unknown)}; its sections: {sections}");
        var helpers = env.Values.Keys.Where(k => !k.Contains("__", StringComparison.Ordinal) && !env.Referenced.Contains(k) && !ProcessVariables.Contains(k)).ToList();
        Assert.True(helpers.Count == 0, $"{name}: {string.Join(", ", helpers)} is neither an option (Section__Key) nor used by one through $(…)");
    }

    [DeployTheory]
    [MemberData(nameof(OverlaysAndServices))]
    public void Configuration_PassesTheServiceStartupValidation(string overlay, string name)
    {
        var (service, env) = Environment(overlay, name);
        Assert.Empty(new ServiceConfiguration(service, Settings(env)).ValidationFailures());
    }

    [DeployTheory]
    [MemberData(nameof(OverlaysAndServices))]
    public void RedisConnection_PointsAtTheRedisServiceWithItsPassword(string overlay, string name)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var (_, env) = Environment(overlay, name);
        Assert.Equal("Redis", env.Values["Storage__Provider"]);
        var redis = ConfigurationOptions.Parse(env.Values["Storage__Redis__Configuration"]);
        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(redis.EndPoints));

        var service = manifest.Get("Service", endpoint.Host);
        var port = Assert.Single(Json.Objects(service["spec"]!["ports"]), p => (int)p["port"]! == endpoint.Port);
        var statefulSet = manifest.Workload("twingan-redis");
        Assert.True(Selectors.MatchesMap(service["spec"]!["selector"], statefulSet.Labels));
        Assert.Equal(endpoint.Port, statefulSet.Port((string)port["targetPort"]!));
        var server = PodEnvironment.Resolve(manifest, statefulSet.Container("redis")).Values;
        Assert.Equal(Renderer.TestSecrets["redis-password"], server["REDIS_PASSWORD"]);
        Assert.Equal(server["REDIS_PASSWORD"], redis.Password);
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void SearchEmbedderAddress_IsTheEmbedderHeadlessServiceGrpcPort(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var (_, env) = Environment(overlay, ServiceCatalog.Search.Id);
        // dns:///<service>:<port>: the resolver finds every Embedder pod and Search balances per call.
        var address = new Uri(env.Values["Search__EmbedderAddress"]);
        Assert.Equal("dns", address.Scheme);
        var target = address.AbsolutePath.TrimStart('/').Split(':');
        var service = manifest.Get("Service", target[0]);
        Assert.Equal("None", (string?)service["spec"]!["clusterIP"]);
        var grpc = Assert.Single(Json.Objects(service["spec"]!["ports"]), p => (string?)p["name"] == "grpc");
        Assert.Equal(int.Parse(target[1], System.Globalization.CultureInfo.InvariantCulture), (int)grpc["port"]!);
        var embedder = manifest.Workload(ServiceCatalog.Embedder.Name);
        Assert.True(Selectors.MatchesMap(service["spec"]!["selector"], embedder.Labels), $"{address.Host} does not select the Embedder pods");
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void SearchModel_IsTheModelTheServingPodsServeByDefault(string overlay)
    {
        var search = Environment(overlay, ServiceCatalog.Search.Id).Env.Values;
        foreach (var serving in new[] { ServiceCatalog.Translator, ServiceCatalog.Embedder })
            Assert.Equal(Environment(overlay, serving.Id).Env.Values["Models__Default"], search["Search__ModelName"]);
    }

    [DeployTheory]
    [MemberData(nameof(OverlaysAndServices))]
    public void ModelStore_IsMountedWhereTheServiceLooksForBundles(string overlay, string name)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var (service, env) = Environment(overlay, name);
        var workload = manifest.Workload(service.Name);
        var claim = manifest.Get("PersistentVolumeClaim", "twingan-model-store");
        Assert.Contains("ReadWriteMany", claim["spec"]!["accessModes"]!.AsArray().Select(m => (string?)m));
        var storeVolumes = Json.Objects(workload.PodSpec["volumes"])
            .Where(v => (string?)v["persistentVolumeClaim"]?["claimName"] == "twingan-model-store").Select(v => (string)v["name"]!).ToList();
        var mount = Json.Objects(workload.Container(service.Container)["volumeMounts"]).SingleOrDefault(m => storeVolumes.Contains((string)m["name"]!));
        if (service == ServiceCatalog.Search)
        {
            Assert.Null(mount);
            return;
        }
        Assert.NotNull(mount);
        // Models:StoreRoot, or its documented default <Storage:File:Root>/models (docs/serving.md).
        var storeRoot = env.Values.GetValueOrDefault("Models__StoreRoot") is { Length: > 0 } root ? root : env.Values["Storage__File__Root"] + "/models";
        Assert.Equal(storeRoot, (string?)mount["mountPath"]);
        Assert.Equal(service != ServiceCatalog.Trainer, (bool?)mount["readOnly"] == true);
    }

    [DeployTheory]
    [MemberData(nameof(OverlaysAndServices))]
    public void WrittenPaths_AreOnVolumes(string overlay, string name)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var (service, env) = Environment(overlay, name);
        var mounts = Json.Objects(manifest.Workload(service.Name).Container(service.Container)["volumeMounts"])
            .Where(m => (bool?)m["readOnly"] != true).Select(m => (string)m["mountPath"]!).ToList();
        var written = new List<string> { env.Values["Storage__File__Root"], "/tmp" };
        written.AddRange(WrittenFolders.Where(env.Values.ContainsKey).Select(k => env.Values[k]));
        foreach (var path in written)
            Assert.True(mounts.Any(m => path == m || path.StartsWith(m + "/", StringComparison.Ordinal)),
                $"{name} writes {path}, which is on the read-only root filesystem");
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Trainer_RunsAreSharedAndDatasetsMounted(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var (service, env) = Environment(overlay, ServiceCatalog.Trainer.Id);
        var workload = manifest.Workload(service.Name);
        var claims = Json.Objects(workload.PodSpec["volumes"]).Where(v => v["persistentVolumeClaim"] is not null)
            .ToDictionary(v => (string)v["name"]!, v => (string)v["persistentVolumeClaim"]!["claimName"]!);
        var mounts = Json.Objects(workload.Container(service.Container)["volumeMounts"]).ToDictionary(m => (string)m["mountPath"]!);

        var runs = mounts[env.Values["Trainer__RunRoot"]];
        Assert.NotEqual(true, (bool?)runs["readOnly"]);
        var runsClaim = manifest.Get("PersistentVolumeClaim", claims[(string)runs["name"]!]);
        Assert.Contains("ReadWriteMany", runsClaim["spec"]!["accessModes"]!.AsArray().Select(m => (string?)m));
        var roots = env.Values.Where(kv => kv.Key.StartsWith("Trainer__AllowedDatasetRoots__", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
        Assert.NotEmpty(roots);
        Assert.All(roots, root => Assert.True(mounts.TryGetValue(root, out var m) && claims.ContainsKey((string)m["name"]!), $"dataset root {root} is not a mounted volume"));
        Assert.Equal(env.Values["Trainer__TorchThreads"], decimal.Ceiling(decimal.Parse((string)workload.Container(service.Container)["resources"]!["limits"]!["cpu"]!,
            System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (ServiceUnderTest Service, PodEnvironment Env) Environment(string overlay, string name)
    {
        var service = ServiceCatalog.Get(name);
        var manifest = Renderer.Render(overlay).Manifest;
        return (service, PodEnvironment.Resolve(manifest, manifest.Workload(service.Name).Container(service.Container)));
    }

    private static Dictionary<string, string?> Settings(PodEnvironment env) =>
        env.Values.Where(kv => kv.Key.Contains("__", StringComparison.Ordinal)).ToDictionary(kv => ToConfigKey(kv.Key), kv => (string?)kv.Value);

    /// <summary>ASP.NET Core's environment variable provider reads <c>A__B</c> as <c>A:B</c>.</summary>
    private static string ToConfigKey(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);
}
