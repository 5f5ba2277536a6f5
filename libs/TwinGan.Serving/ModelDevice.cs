using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace TwinGan.Serving;

/// <summary>
/// <see cref="ModelsOptions.Device"/>: its form is checked with the other options; whether this process can use it is
/// checked when the host starts, so a GPU pod without a usable GPU fails loudly instead of serving on its CPU.
/// </summary>
internal sealed partial class ModelDevice(IOptions<ModelsOptions> options) : IHostedService
{
    public const string FormRequirement = "Models:Device must be cpu, cuda or cuda:N.";

    public static bool IsWellFormed(ModelsOptions options) => DevicePattern().IsMatch(options.Device);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var device = options.Value.Device;
        if (device == "cpu") return Task.CompletedTask;
        var match = DevicePattern().Match(device);
        var index = match.Groups["index"].Success ? int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (!torch.cuda.is_available() || index >= torch.cuda.device_count())
            throw new InvalidOperationException(
                $"Models:Device is '{device}', but this process cannot use it: a cuda device needs a CUDA build of LibTorch " +
                "(the -cuda images, TorchSharp-cuda-linux) and a GPU visible to this process (nvidia.com/gpu); see docs/serving.md.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [GeneratedRegex("^(cpu|cuda(:(?<index>[0-9]{1,2}))?)$")]
    private static partial Regex DevicePattern();
}
