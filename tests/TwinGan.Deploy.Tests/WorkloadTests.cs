using TwinGan.Deploy.Tests.Configuration;
using TwinGan.Deploy.Tests.Kubernetes;
using TwinGan.Deploy.Tests.Rendering;
using TwinGan.ServiceDefaults.Health;

namespace TwinGan.Deploy.Tests;

public class WorkloadTests
{
    public static TheoryData<string, string> OverlaysAndServices => ServiceCatalog.OverlaysAndNames();

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Services_SelectPodsThatHaveTheirTargetPorts(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        foreach (var service in manifest.OfKind("Service"))
        {
            var selected = manifest.Workloads.Where(w => Selectors.MatchesMap(service["spec"]!["selector"], w.Labels)).ToList();
            Assert.True(selected.Count == 1, $"{Json.Describe(service)} selects {selected.Count} workloads");
            foreach (var port in Json.Objects(service["spec"]!["ports"]))
            {
                var target = port["targetPort"]!;
                var found = target.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? selected[0].Port((string)target!) is not null
                    : selected[0].Containers.SelectMany(c => Json.Objects(c["ports"])).Any(p => (int)p["containerPort"]! == (int)target);
                Assert.True(found, $"{Json.Describe(service)} targets port {target.ToJsonString()}, which {selected[0].Name} does not have");
            }
        }
    }

    [DeployTheory]
    [MemberData(nameof(OverlaysAndServices))]
    public void GrpcService_IsNamedGrpcAndHeadlessWhereClientsBalance(string overlay, string name)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var service = ServiceCatalog.Get(name);
        var clusterIp = manifest.Get("Service", service.Name);
        Assert.Null(clusterIp["spec"]!["clusterIP"]);
        Assert.Contains(Json.Objects(clusterIp["spec"]!["ports"]), p => (string?)p["name"] == "grpc" && (string?)p["targetPort"] == "grpc");
        var headless = manifest.Find("Service", service.Name + "-headless");
        if (service == ServiceCatalog.Trainer)
        {
            Assert.Null(headless);
            return;
        }
        Assert.NotNull(headless);
        Assert.Equal("None", (string?)headless["spec"]!["clusterIP"]);
        Assert.Equal(clusterIp["spec"]!["selector"]!.ToJsonString(), headless["spec"]!["selector"]!.ToJsonString());
    }

    [DeployTheory]
    [MemberData(nameof(OverlaysAndServices))]
    public void Probes_AreGrpcOnTheConfiguredPortWithTheServiceHealthNames(string overlay, string name)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var service = ServiceCatalog.Get(name);
        var workload = manifest.Workload(service.Name);
        var container = workload.Container(service.Container);
        var env = PodEnvironment.Resolve(manifest, container).Values;
        var grpcPort = int.Parse(env["Server__Port"], System.Globalization.CultureInfo.InvariantCulture);
        var metricsPort = int.Parse(env["Server__MetricsPort"], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(grpcPort, workload.Port("grpc"));
        Assert.Equal(metricsPort, workload.Port("metrics"));
        Assert.Equal(metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (string?)workload.Pod["metadata"]!["annotations"]!["prometheus.io/port"]);
        AssertGrpcProbe(container["readinessProbe"], grpcPort, service.ProtoName);
        AssertGrpcProbe(container["livenessProbe"], grpcPort, HealthNames.Liveness);
        AssertGrpcProbe(container["startupProbe"], grpcPort, HealthNames.Liveness);
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Pods_AreHardenedAndBounded(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        foreach (var workload in manifest.Workloads)
        {
            var spec = workload.PodSpec;
            var where = $"{workload.Kind}/{workload.Name}";
            Assert.True((bool?)spec["securityContext"]?["runAsNonRoot"] == true, $"{where}: runAsNonRoot");
            Assert.True((string?)spec["securityContext"]?["seccompProfile"]?["type"] == "RuntimeDefault", $"{where}: seccomp");
            Assert.True((bool?)spec["automountServiceAccountToken"] == false, $"{where}: automountServiceAccountToken");
            var account = manifest.Find("ServiceAccount", (string?)spec["serviceAccountName"] ?? "");
            Assert.True(account is not null && (bool?)account["automountServiceAccountToken"] == false, $"{where}: own ServiceAccount without token");
            foreach (var container in workload.Containers)
            {
                var security = container["securityContext"];
                Assert.True((bool?)security?["allowPrivilegeEscalation"] == false, $"{where}: allowPrivilegeEscalation");
                Assert.True((bool?)security?["readOnlyRootFilesystem"] == true, $"{where}: readOnlyRootFilesystem");
                Assert.True(security?["capabilities"]?["drop"]?.AsArray().Any(c => (string?)c == "ALL") == true, $"{where}: drop ALL");
                foreach (var bound in new[] { "requests", "limits" })
                    foreach (var resource in new[] { "cpu", "memory" })
                        Assert.True(container["resources"]?[bound]?[resource] is not null, $"{where}: {bound}.{resource}");
            }
        }
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Images_ArePinnedToATag(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        foreach (var container in manifest.Workloads.SelectMany(w => w.Containers))
        {
            var image = (string)container["image"]!;
            var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf('/') + 1)..].Split(':').ElementAtOrDefault(1);
            Assert.False(string.IsNullOrEmpty(tag) || tag == "latest", $"image {image} is not pinned");
        }
    }

    [DeployTheory]
    [MemberData(nameof(OverlaysAndServices))]
    public void Autoscaler_OwnsTheReplicasAndLeavesRoomForTheDisruptionBudget(string overlay, string name)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var service = ServiceCatalog.Get(name);
        var deployment = manifest.Workload(service.Name);
        var hpa = manifest.Get("HorizontalPodAutoscaler", service.Name)["spec"]!;
        var pdb = manifest.Get("PodDisruptionBudget", service.Name)["spec"]!;

        Assert.Null(deployment.Resource["spec"]!["replicas"]);
        Assert.Equal("Deployment", (string?)hpa["scaleTargetRef"]!["kind"]);
        Assert.Equal(service.Name, (string?)hpa["scaleTargetRef"]!["name"]);
        var (min, max) = ((int?)hpa["minReplicas"] ?? 1, (int)hpa["maxReplicas"]!);
        Assert.InRange(min, 1, max);
        Assert.True(Selectors.Matches(pdb["selector"], deployment.Labels), "the PodDisruptionBudget does not select the pods");
        if (pdb["minAvailable"] is { } minAvailable)
            Assert.True(min > (int)minAvailable, $"minReplicas {min} must exceed minAvailable {minAvailable} or a node drain blocks");
        else
            Assert.True((int)pdb["maxUnavailable"]! >= 1, "maxUnavailable 0 blocks every node drain");
    }

    private static void AssertGrpcProbe(JsonNode? probe, int port, string healthService)
    {
        Assert.NotNull(probe);
        Assert.Equal(port, (int?)probe["grpc"]?["port"]);
        Assert.Equal(healthService, (string?)probe["grpc"]?["service"]);
    }
}
