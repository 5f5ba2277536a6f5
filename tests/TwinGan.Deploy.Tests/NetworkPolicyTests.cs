using TwinGan.Deploy.Tests.Kubernetes;
using TwinGan.Deploy.Tests.Rendering;

namespace TwinGan.Deploy.Tests;

public class NetworkPolicyTests
{
    private static readonly PodInfo Client = External("client", "apps", "twingan.io/client", "true");
    private static readonly PodInfo Stranger = External("stranger", "apps", "app", "other");
    private static readonly PodInfo Prometheus = External("prometheus", "monitoring", "app.kubernetes.io/name", "prometheus");
    private static readonly PodInfo Dns = External("kube-dns", "kube-system", "k8s-app", "kube-dns");
    private static readonly string[] Directions = ["ingress", "egress"];
    private static readonly (int Port, string Protocol)[] Ports = [(5000, "TCP"), (9464, "TCP"), (6379, "TCP"), (53, "UDP"), (53, "TCP")];

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void NetworkPolicies_AllowExactlyTheCallsOfTheDesign(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var evaluator = new NetworkPolicyEvaluator(manifest.OfKind("NetworkPolicy"));
        var pods = Pods(manifest);
        string[] services = ["translator", "embedder", "search", "trainer"];
        var expected = new HashSet<string>();
        foreach (var s in services)
        {
            expected.Add($"client -> {s}:5000/TCP");
            expected.Add($"prometheus -> {s}:9464/TCP");
            expected.Add($"{s} -> redis:6379/TCP");
        }
        expected.Add("search -> embedder:5000/TCP");
        foreach (var pod in pods)
        {
            expected.Add($"{pod.Name} -> kube-dns:53/UDP");
            expected.Add($"{pod.Name} -> kube-dns:53/TCP");
        }

        List<PodInfo> everyone = [.. pods, Client, Stranger, Prometheus, Dns];
        var allowed = new HashSet<string>();
        foreach (var from in everyone)
            foreach (var to in everyone.Where(t => t != from && (pods.Contains(t) || pods.Contains(from))))
                foreach (var (port, protocol) in Ports)
                    if (evaluator.Allows(from, to, port, protocol)) allowed.Add($"{from} -> {to}:{port}/{protocol}");

        Assert.Equal(expected.Order(), allowed.Order());
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void NetworkPolicies_SelectRealPods(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var pods = Pods(manifest);
        var policies = manifest.OfKind("NetworkPolicy").ToList();
        Assert.Empty(new NetworkPolicyEvaluator(policies).PoliciesSelectingNothing(pods));
        var samePodPeers = policies.SelectMany(p => Directions
                .SelectMany(d => Json.Objects(p["spec"]![d]))
                .SelectMany(rule => Json.Objects(rule["from"] ?? rule["to"]))
                .Where(peer => peer["namespaceSelector"] is null && peer["podSelector"] is not null)
                .Select(peer => (Policy: Json.Describe(p), Selector: peer["podSelector"])))
            .ToList();
        Assert.NotEmpty(samePodPeers);
        foreach (var (policy, selector) in samePodPeers)
            Assert.True(pods.Any(pod => Selectors.Matches(selector, pod.Labels)), $"{policy}: peer {selector!.ToJsonString()} matches no pod");
    }

    /// <summary>The namespace's pods, named by their component (translator, …, redis).</summary>
    private static List<PodInfo> Pods(Manifest manifest) => manifest.Workloads.Select(w => new PodInfo(
        w.Name.Replace("twingan-", "", StringComparison.Ordinal), (string)w.Resource["metadata"]!["namespace"]!, w.Labels,
        w.Containers.SelectMany(c => Json.Objects(c["ports"])).Where(p => p["name"] is not null)
            .ToDictionary(p => (string)p["name"]!, p => (int)p["containerPort"]!))).ToList();

    private static PodInfo External(string name, string ns, string label, string value) =>
        new(name, ns, new Dictionary<string, string> { [label] = value }, new Dictionary<string, int>());
}
