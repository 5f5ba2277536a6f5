using TwinGan.Deploy.Tests.Rendering;

namespace TwinGan.Deploy.Tests.Kubernetes;

/// <summary>A pod as NetworkPolicy sees it: namespace, labels and named container ports.</summary>
public sealed record PodInfo(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, int> NamedPorts)
{
    public override string ToString() => Name;
}

/// <summary>
/// Decides whether a connection is allowed under a set of NetworkPolicies (networking.k8s.io/v1 semantics): it must
/// be allowed by the egress side of the source and the ingress side of the destination. A pod selected by no policy
/// of a direction is open in that direction; one selected by any is open only to what some selecting policy allows.
/// Namespaces carry the automatic <c>kubernetes.io/metadata.name</c> label. ipBlock peers match no pod.
/// </summary>
public sealed class NetworkPolicyEvaluator(IEnumerable<JsonObject> policies)
{
    private readonly List<JsonObject> policies = policies.ToList();

    public bool Allows(PodInfo from, PodInfo to, int port, string protocol = "TCP") =>
        SideAllows(from, to, to, port, protocol, "Egress", "egress", "to") &&
        SideAllows(to, from, to, port, protocol, "Ingress", "ingress", "from");

    /// <summary>Policies whose spec.podSelector selects no pod of <paramref name="pods"/> in their namespace.</summary>
    public IEnumerable<string> PoliciesSelectingNothing(IReadOnlyCollection<PodInfo> pods) =>
        policies.Where(p => !pods.Any(pod => Selects(p, pod))).Select(Json.Describe);

    private bool SideAllows(PodInfo subject, PodInfo peer, PodInfo destination, int port, string protocol,
        string type, string rulesField, string peersField)
    {
        var applying = policies.Where(p => Selects(p, subject) && HasType(p, type)).ToList();
        if (applying.Count == 0) return true;
        return applying.Any(p => Json.Objects(p["spec"]![rulesField]).Any(rule =>
            PeersMatch(rule[peersField], p, peer) && PortsMatch(rule["ports"], destination, port, protocol)));
    }

    private static bool Selects(JsonObject policy, PodInfo pod) =>
        Namespace(policy) == pod.Namespace && Selectors.Matches(policy["spec"]!["podSelector"], pod.Labels);

    private static bool HasType(JsonObject policy, string type)
    {
        var types = policy["spec"]!["policyTypes"]?.AsArray().Select(t => (string)t!).ToList();
        if (types is not null) return types.Contains(type);
        return type == "Ingress" || policy["spec"]!["egress"] is not null;
    }

    private static bool PeersMatch(JsonNode? peers, JsonObject policy, PodInfo pod)
    {
        var list = Json.Objects(peers).ToList();
        if (peers is null || list.Count == 0) return true;
        return list.Any(peer =>
        {
            if (peer["ipBlock"] is not null) return false;
            var namespaceSelector = peer["namespaceSelector"];
            var namespaceOk = namespaceSelector is null
                ? pod.Namespace == Namespace(policy)
                : Selectors.Matches(namespaceSelector, NamespaceLabels(pod.Namespace));
            return namespaceOk && Selectors.Matches(peer["podSelector"], pod.Labels);
        });
    }

    private static bool PortsMatch(JsonNode? ports, PodInfo destination, int port, string protocol)
    {
        var list = Json.Objects(ports).ToList();
        if (ports is null || list.Count == 0) return true;
        return list.Any(p =>
        {
            if (((string?)p["protocol"] ?? "TCP") != protocol) return false;
            var value = p["port"];
            if (value is null) return true;
            var first = value.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? destination.NamedPorts.GetValueOrDefault((string)value!, -1)
                : (int)value;
            var last = (int?)p["endPort"] ?? first;
            return port >= first && port <= last;
        });
    }

    private static string Namespace(JsonObject policy) => (string?)policy["metadata"]!["namespace"] ?? "default";

    private static Dictionary<string, string> NamespaceLabels(string name) => new() { ["kubernetes.io/metadata.name"] = name };
}
