using TwinGan.Testing;

namespace TwinGan.Services.Tests.Serving;

/// <summary><c>Models:Device</c> is checked at start: this machine has no GPU and a CPU build of LibTorch.</summary>
public sealed class ModelDeviceTests
{
    [Theory]
    [InlineData("Translator", "cuda", "Models:Device is 'cuda', but this process cannot use it")]
    [InlineData("Embedder", "cuda:0", "Models:Device is 'cuda:0', but this process cannot use it")]
    [InlineData("Translator", "gpu", "Models:Device must be cpu, cuda or cuda:N.")]
    public async Task Start_DeviceThisProcessCannotUse_RefusesToStartAndSaysWhy(string service, string device, string reason)
    {
        var (exitCode, output) = await HostProcess.RunToExitAsync(service,
            $"--Server:Port={FreePort.Next()}", "--Server:MetricsPort=0", $"--Models:Device={device}");

        Assert.NotEqual(0, exitCode);
        Assert.Contains(reason, output, StringComparison.Ordinal);
    }
}
