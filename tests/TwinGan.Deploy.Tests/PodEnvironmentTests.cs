using System.Text;
using TwinGan.Deploy.Tests.Kubernetes;
using TwinGan.Deploy.Tests.Rendering;

namespace TwinGan.Deploy.Tests;

public class PodEnvironmentTests
{
    private static readonly Manifest Objects = new(
    [
        JsonNode.Parse("""{ "kind": "ConfigMap", "metadata": { "name": "cfg" }, "data": { "A__B": "1", "HOST": "redis" } }""")!.AsObject(),
        JsonNode.Parse($$"""{ "kind": "Secret", "metadata": { "name": "sec" }, "data": { "pw": "{{Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cret"))}}" } }""")!.AsObject(),
    ]);

    [Fact]
    public void Resolve_EnvFromSecretRefsAndEarlierVariables_ExpandsLikeTheKubelet()
    {
        var env = PodEnvironment.Resolve(Objects, Container("""
            "envFrom": [ { "configMapRef": { "name": "cfg" } } ],
            "env": [
              { "name": "PW", "valueFrom": { "secretKeyRef": { "name": "sec", "key": "pw" } } },
              { "name": "Conn", "value": "$(HOST):6379,password=$(PW)" }
            ]
            """));
        Assert.Empty(env.Problems);
        Assert.Equal("1", env.Values["A__B"]);
        Assert.Equal("redis:6379,password=s3cret", env.Values["Conn"]);
        Assert.Equal(["HOST", "PW"], env.Referenced.Order());
    }

    [Fact]
    public void Resolve_MissingObjectsKeysAndLaterVariables_AreProblems()
    {
        var env = PodEnvironment.Resolve(Objects, Container("""
            "envFrom": [ { "configMapRef": { "name": "absent" } } ],
            "env": [
              { "name": "Early", "value": "$(LATE)" },
              { "name": "LATE", "value": "x" },
              { "name": "Key", "valueFrom": { "secretKeyRef": { "name": "sec", "key": "nope" } } }
            ]
            """));
        Assert.Equal(3, env.Problems.Count);
        Assert.Equal("$(LATE)", env.Values["Early"]);
    }

    [Theory]
    [InlineData("4", "4")]
    [InlineData("1500m", "2")]
    [InlineData("250m", "1")]
    public void Resolve_ResourceFieldRefToTheCpuLimit_IsWholeCoresRoundedUp(string limit, string expected)
    {
        var env = PodEnvironment.Resolve(Objects, Container($$"""
            "resources": { "limits": { "cpu": "{{limit}}" } },
            "env": [ { "name": "Threads", "valueFrom": { "resourceFieldRef": { "containerName": "c", "resource": "limits.cpu" } } } ]
            """));
        Assert.Empty(env.Problems);
        Assert.Equal(expected, env.Values["Threads"]);
    }

    private static JsonObject Container(string body) => JsonNode.Parse($$"""{ "name": "c", {{body}} }""")!.AsObject();
}
