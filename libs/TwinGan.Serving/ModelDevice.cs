using System.Text.RegularExpressions;
using TorchSharp;

namespace TwinGan.Serving;

/// <summary>Checks <see cref="ModelsOptions.Device"/> at start, so a GPU pod without a usable GPU fails loudly instead of serving on its CPU.</summary>
internal static partial class ModelDevice
{
    public const string Requirement =
        "Models:Device must be cpu, cuda or cuda:N, and a cuda device needs a CUDA build of LibTorch (the -cuda images, " +
        "TorchSharp-cuda-linux) and a GPU visible to this process (nvidia.com/gpu); see docs/serving.md.";

    public static bool IsUsable(ModelsOptions options)
    {
        var match = DevicePattern().Match(options.Device);
        if (!match.Success) return false;
        if (options.Device == "cpu") return true;
        if (!torch.cuda.is_available()) return false;
        return !match.Groups["index"].Success || int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) < torch.cuda.device_count();
    }

    [GeneratedRegex("^(cpu|cuda(:(?<index>[0-9]{1,2}))?)$")]
    private static partial Regex DevicePattern();
}
