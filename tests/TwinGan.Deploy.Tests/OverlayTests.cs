using TwinGan.Deploy.Tests.Configuration;
using TwinGan.Deploy.Tests.Rendering;

namespace TwinGan.Deploy.Tests;

public class OverlayTests
{
    public static TheoryData<string> TorchServices => ["translator", "embedder", "trainer"];

    [DeployTheory]
    [MemberData(nameof(TorchServices))]
    public void Gpu_TorchServiceRunsTheCudaImageOnOneGpuOfAGpuNode(string name)
    {
        var service = ServiceCatalog.Get(name);
        var workload = Renderer.Render("gpu").Manifest.Workload(service.Name);
        var container = workload.Container(service.Container);
        Assert.EndsWith("-cuda", (string)container["image"]!, StringComparison.Ordinal);
        Assert.Equal("1", container["resources"]!["limits"]!["nvidia.com/gpu"]!.ToJsonString().Trim('"'));
        Assert.Equal("true", (string?)workload.PodSpec["nodeSelector"]?["nvidia.com/gpu.present"]);
        Assert.Contains(Json.Objects(workload.PodSpec["tolerations"]),
            t => (string?)t["key"] == "nvidia.com/gpu" && (string?)t["operator"] == "Exists" && (string?)t["effect"] == "NoSchedule");
    }

    [DeployTheory]
    [MemberData(nameof(TorchServices))]
    public void Cpu_TorchServiceRunsTheCpuImageWithoutGpu(string name)
    {
        var service = ServiceCatalog.Get(name);
        var workload = Renderer.Render("cpu").Manifest.Workload(service.Name);
        var container = workload.Container(service.Container);
        Assert.EndsWith("-cpu", (string)container["image"]!, StringComparison.Ordinal);
        Assert.Null(container["resources"]!["limits"]!["nvidia.com/gpu"]);
        Assert.Null(workload.PodSpec["nodeSelector"]);
        Assert.Null(workload.PodSpec["tolerations"]);
    }

    [DeployTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void SearchAndRedis_StayOnCpuNodes(string overlay)
    {
        var manifest = Renderer.Render(overlay).Manifest;
        foreach (var name in new[] { ServiceCatalog.Search.Name, "twingan-redis" })
        {
            var workload = manifest.Workload(name);
            Assert.Null(workload.PodSpec["nodeSelector"]);
            Assert.All(workload.Containers, c => Assert.Null(c["resources"]?["limits"]?["nvidia.com/gpu"]));
            Assert.All(workload.Containers, c => Assert.DoesNotContain("cuda", (string)c["image"]!, StringComparison.Ordinal));
        }
    }
}
