using System.Text.RegularExpressions;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests.Serving;

/// <summary>Face crop without a detector (no cascade files): centre crop, reported as such, and one warning in the log.</summary>
public sealed class FaceCropFallbackTests
{
    [Fact]
    public async Task Translate_FaceCropWithoutCascades_CentreFallbackReportedAndWarnedOnce()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await HostProcess.StartServiceInAsync("Translator", models.Root, "--Models:Default=faces",
            $"--Serving:FaceCrop:CascadeDirectory={Path.Combine(models.Root, "no-cascades")}");
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, "twingan.translator.v1.TranslatorService", ServingStatus.Serving, TimeSpan.FromSeconds(120)));
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        var request = new TranslateRequest { Image = TestImages.Png(64, 48), SourceDomain = "photo", TargetDomain = "anime", FaceCrop = true };

        var first = await client.TranslateAsync(request);
        var second = await client.TranslateAsync(request);
        var plain = await client.TranslateAsync(new TranslateRequest(request) { FaceCrop = false });

        foreach (var crop in new[] { first.FaceCrop, second.FaceCrop })
        {
            Assert.Equal(CropMethod.CenterFallback, crop.Method);
            Assert.Equal((8, 0, 48, 48), (crop.Box.X, crop.Box.Y, crop.Box.Width, crop.Box.Height));
            Assert.Equal(0f, crop.Confidence);
        }
        Assert.Null(plain.FaceCrop);
        Assert.Equal(1, Regex.Count(host.Output, "Face detector unavailable"));
    }
}
