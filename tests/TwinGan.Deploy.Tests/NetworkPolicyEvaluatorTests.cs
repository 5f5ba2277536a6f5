using TwinGan.Deploy.Tests.Kubernetes;

namespace TwinGan.Deploy.Tests;

public class NetworkPolicyEvaluatorTests
{
    private static readonly PodInfo Web = Pod("web", "a", "app", "web", ("http", 8080));
    private static readonly PodInfo Db = Pod("db", "a", "app", "db", ("sql", 5432));
    private static readonly PodInfo Other = Pod("other", "b", "app", "web");

    [Fact]
    public void Allows_NoPolicies_EverythingIsOpen()
    {
        Assert.True(new NetworkPolicyEvaluator([]).Allows(Web, Db, 5432));
    }

    [Fact]
    public void Allows_DefaultDeny_BlocksBothDirections()
    {
        var evaluator = new NetworkPolicyEvaluator([DefaultDeny()]);
        Assert.False(evaluator.Allows(Web, Db, 5432));
        Assert.False(evaluator.Allows(Other, Db, 5432));
    }

    [Fact]
    public void Allows_IngressRuleWithNamedPort_OpensOnlyThatPortFromThatPeerInTheSameNamespace()
    {
        var ingress = Policy("""
            { "podSelector": { "matchLabels": { "app": "db" } }, "policyTypes": ["Ingress"],
              "ingress": [ { "from": [ { "podSelector": { "matchLabels": { "app": "web" } } } ], "ports": [ { "port": "sql" } ] } ] }
            """);
        var evaluator = new NetworkPolicyEvaluator([ingress]);
        Assert.True(evaluator.Allows(Web, Db, 5432));
        Assert.False(evaluator.Allows(Web, Db, 5433));
        Assert.False(evaluator.Allows(Web, Db, 5432, "UDP"));
        Assert.False(evaluator.Allows(Other, Db, 5432));
    }

    [Fact]
    public void Allows_EgressDenied_EvenWhenTheDestinationAccepts()
    {
        var ingress = Policy("""{ "podSelector": {}, "policyTypes": ["Ingress"], "ingress": [ {} ] }""");
        var egressOnlyDns = Policy("""
            { "podSelector": { "matchLabels": { "app": "web" } }, "policyTypes": ["Egress"],
              "egress": [ { "ports": [ { "port": 53, "protocol": "UDP" } ] } ] }
            """);
        var evaluator = new NetworkPolicyEvaluator([ingress, egressOnlyDns]);
        Assert.False(evaluator.Allows(Web, Db, 5432));
        Assert.True(evaluator.Allows(Db, Web, 8080));
    }

    [Fact]
    public void Allows_NamespaceSelectorWithPodSelector_NeedsBoth()
    {
        var ingress = Policy("""
            { "podSelector": { "matchLabels": { "app": "db" } },
              "ingress": [ { "from": [ { "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": "b" } },
                                         "podSelector": { "matchExpressions": [ { "key": "app", "operator": "In", "values": ["web"] } ] } } ] } ] }
            """);
        var evaluator = new NetworkPolicyEvaluator([ingress]);
        Assert.True(evaluator.Allows(Other, Db, 5432));
        Assert.False(evaluator.Allows(Web, Db, 5432));
    }

    [Fact]
    public void PoliciesSelectingNothing_NamesThePolicyWithoutPods()
    {
        var stale = Policy("""{ "podSelector": { "matchLabels": { "app": "gone" } } }""", "stale");
        Assert.Equal(["NetworkPolicy/stale"], new NetworkPolicyEvaluator([stale, DefaultDeny()]).PoliciesSelectingNothing([Web, Db]));
    }

    private static JsonObject DefaultDeny() => Policy("""{ "podSelector": {}, "policyTypes": ["Ingress", "Egress"] }""");

    private static JsonObject Policy(string spec, string name = "p") => new()
    {
        ["kind"] = "NetworkPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "a" },
        ["spec"] = JsonNode.Parse(spec),
    };

    private static PodInfo Pod(string name, string ns, string label, string value, params (string Name, int Port)[] ports) =>
        new(name, ns, new Dictionary<string, string> { [label] = value }, ports.ToDictionary(p => p.Name, p => p.Port));
}
