using TwinGan.Deploy.Tests.Rendering;

namespace TwinGan.Deploy.Tests;

public class RenderingTests
{
    [DeployFact]
    public void DeployTools_AreAllInstalled()
    {
        Assert.True(DeployTools.Missing is null, DeployTools.Missing);
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Overlay_RenderedByEveryKustomize_IsSchemaValidAndTheSame(string overlay)
    {
        var renders = DeployTools.Kubectls.Select(k => Renderer.Render(overlay, k)).ToList();
        Assert.True(renders.Count > 0, DeployTools.Missing);
        foreach (var render in renders)
            Assert.True(render.Errors.Count == 0, $"{render.Kubectl}: {string.Join("\n", render.Errors)}");
        var first = renders[0].Manifest.Canonical();
        foreach (var other in renders.Skip(1))
            Assert.True(first == other.Manifest.Canonical(), $"{renders[0].Kubectl} and {other.Kubectl} render {overlay} differently");
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Overlay_HasEveryObjectOfTheBlueprint(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var counts = manifest.Objects.GroupBy(Json.Kind).ToDictionary(g => g.Key, g => g.Count());
        var expected = new Dictionary<string, int>
        {
            ["Namespace"] = 1, ["ServiceAccount"] = 5, ["Service"] = 8, ["Deployment"] = 4, ["StatefulSet"] = 1,
            ["PodDisruptionBudget"] = 4, ["HorizontalPodAutoscaler"] = 4, ["NetworkPolicy"] = 7, ["ConfigMap"] = 4,
            ["Secret"] = 1, ["PersistentVolumeClaim"] = 3,
        };
        Assert.Equal(expected.OrderBy(kv => kv.Key), counts.OrderBy(kv => kv.Key));
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Overlay_EveryNamespacedObject_IsInTheTwinganNamespace(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        var outside = manifest.Objects.Where(o => Json.Kind(o) != "Namespace")
            .Where(o => (string?)o["metadata"]!["namespace"] != "twingan").Select(Json.Describe).ToList();
        Assert.Empty(outside);
    }

    [DeployFact]
    public void Validator_BrokenObjects_ReportsEveryViolation()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("twingan-validate-").FullName, "broken.yaml");
        File.WriteAllText(file, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              template:
                spec:
                  containers:
                    - name: c
                      image: i
                      readinesProbe: {}
                      ports:
                        - containerPort: grpc
            ---
            apiVersion: v1
            kind: Widget
            metadata:
              name: w
            """);
        try
        {
            var (manifest, errors) = Renderer.Validate(file);
            Assert.Equal(2, manifest.Objects.Count);
            Assert.Contains(errors, e => e.Target == "Deployment/broken" && e.Path == "/spec/template/spec/containers/0/readinesProbe");
            Assert.Contains(errors, e => e.Target == "Deployment/broken" && e.Path == "/spec/template/spec/containers/0/ports/0/containerPort");
            Assert.Contains(errors, e => e.Target == "Deployment/broken" && e.Message.Contains("selector", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.Target == "Widget/w" && e.Message.StartsWith("no schema", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
