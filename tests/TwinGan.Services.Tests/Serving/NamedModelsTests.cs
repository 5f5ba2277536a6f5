using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.Testing;

namespace TwinGan.Services.Tests.Serving;

/// <summary>One Translator process serving two models published under two names.</summary>
public sealed class NamedModelsTests
{

    [Fact]
    public async Task Translate_TwoNamedModels_EachServedByItsOwnAndUnnamedByTheConfiguredDefault()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await models.AddAsync("2024-06", seed: 2, name: "cartoons");
        await using var host = await models.StartTranslatorAsync(TimeSpan.FromSeconds(60),
            "--Models:Default=faces", "--Models:Serve:0=faces", "--Models:Serve:1=cartoons");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        var image = TestImages.Png(16, 16, 9);

        async Task<(string Name, string Version, byte[] Pixels)> TranslateAsync(ModelRef? model)
        {
            var r = await client.TranslateAsync(new TranslateRequest { Image = image, SourceDomain = "photo", TargetDomain = "anime", Model = model });
            return (r.ModelName, r.ModelVersion, ImageCodec.Decode(r.Image.Data.ToByteArray(), ImageLimits.Default).Pixels);
        }

        var faces = await TranslateAsync(new ModelRef { Name = "faces" });
        var cartoons = await TranslateAsync(new ModelRef { Name = "cartoons" });
        var pinned = await TranslateAsync(new ModelRef { Name = "cartoons", Version = "2024-06" });
        var unnamed = await TranslateAsync(null);
        var listed = (await client.ListModelsAsync(new ListModelsRequest())).Models;

        Assert.Equal(("faces", "v1"), (faces.Name, faces.Version));
        Assert.Equal(("cartoons", "2024-06"), (cartoons.Name, cartoons.Version));
        Assert.Equal(("cartoons", "2024-06"), (pinned.Name, pinned.Version));
        Assert.Equal(("faces", "v1"), (unnamed.Name, unnamed.Version));
        // The images show which network computed them, not only the names in the response.
        Assert.NotEqual(faces.Pixels, cartoons.Pixels);
        Assert.Equal(cartoons.Pixels, pinned.Pixels);
        Assert.Equal(faces.Pixels, unnamed.Pixels);
        Assert.Equal([("cartoons", "2024-06"), ("faces", "v1")], listed.Select(m => (m.Name, m.CurrentVersion)).Order());
        Assert.Equal("faces", listed.Single(m => m.IsDefault).Name);
    }
}
