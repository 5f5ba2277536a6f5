using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.Model.Options;
using TwinGan.Testing;

namespace TwinGan.Services.Tests.Serving;

/// <summary>
/// Style reference and target attributes on the live Translator: honoured by a bundle trained with them (they
/// change the output), refused with FAILED_PRECONDITION naming what is missing by a bundle trained without, and
/// an attribute or class the model does not know is INVALID_ARGUMENT naming the field.
/// </summary>
public sealed class TranslatorConditioningTests
{
    /// <summary>A flag, a number and a categorical attribute (one label per class), as a labels file would give them.</summary>
    private static readonly string[] AttributeNames = ["glasses", "smile", "hair_color:green", "hair_color:blonde"];

    private static Task<HostProcess> StartAsync(PublishedModels models) => models.StartTranslatorAsync(TimeSpan.FromSeconds(60), "--Models:Default=faces");

    private static TranslateRequest Request() => new()
    {
        Image = TestImages.Png(24, 24, seed: 5),
        SourceDomain = "photo",
        TargetDomain = "anime",
        Output = new OutputOptions { Format = ImageFormat.Png },
    };

    private static TranslateRequest WithAttribute(string name, AttributeValue value)
    {
        var request = Request();
        request.TargetAttributes.Add(name, value);
        return request;
    }

    private static async Task<byte[]> PixelsAsync(TranslatorService.TranslatorServiceClient client, TranslateRequest request)
    {
        var response = await client.TranslateAsync(request);
        Assert.Equal(("faces", "v1"), (response.ModelName, response.ModelVersion));
        var image = ImageCodec.Decode(response.Image.Data.ToByteArray(), ImageLimits.Default);
        Assert.Equal((16, 16), (image.Width, image.Height));
        return image.Pixels;
    }

    private static async Task<RpcException> RefusedAsync(TranslatorService.TranslatorServiceClient client, TranslateRequest request) =>
        await Assert.ThrowsAsync<RpcException>(async () => await client.TranslateAsync(request));

    [Fact]
    public async Task Translate_BundleWithStyleAndAttributes_EachConditioningChangesTheOutput()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1, conditioning: new ConditioningOptions(ConditioningOptions.DefaultStyleDim, AttributeNames));
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var plain = await PixelsAsync(client, Request());
        var conditioned = new Dictionary<string, byte[]>
        {
            ["style reference"] = await PixelsAsync(client, new TranslateRequest(Request()) { StyleReference = TestImages.OffCentreFace() }),
            ["other style reference"] = await PixelsAsync(client, new TranslateRequest(Request()) { StyleReference = TestImages.Png(32, 32, seed: 90) }),
            ["flag"] = await PixelsAsync(client, WithAttribute("glasses", new AttributeValue { Flag = true })),
            ["number"] = await PixelsAsync(client, WithAttribute("smile", new AttributeValue { Number = 0.7f })),
            ["label"] = await PixelsAsync(client, WithAttribute("hair_color", new AttributeValue { Label = "green" })),
            ["other label"] = await PixelsAsync(client, WithAttribute("hair_color", new AttributeValue { Label = "blonde" })),
        };

        Assert.Equal(plain, await PixelsAsync(client, Request()));
        Assert.All(conditioned, c => Assert.True(!c.Value.SequenceEqual(plain), $"{c.Key}: output equals the unconditioned one"));
        Assert.False(conditioned["style reference"].SequenceEqual(conditioned["other style reference"]), "two style references give one output");
        Assert.False(conditioned["label"].SequenceEqual(conditioned["other label"]), "two hair colours give one output");
        // A flag set to false is the neutral label vector: the same as asking for nothing.
        Assert.Equal(plain, await PixelsAsync(client, WithAttribute("glasses", new AttributeValue { Flag = false })));
    }

    [Fact]
    public async Task Translate_BundleWithoutConditioning_StyleAndAttributesEachFailedPreconditionNamingWhat()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var style = await RefusedAsync(client, new TranslateRequest(Request()) { StyleReference = TestImages.Png(16, 16) });
        var attributes = await RefusedAsync(client, WithAttribute("glasses", new AttributeValue { Flag = true }));

        Assert.Equal(StatusCode.FailedPrecondition, style.StatusCode);
        Assert.Contains("style", style.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("style_reference", style.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, attributes.StatusCode);
        Assert.Contains("attribute", attributes.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("target_attributes", attributes.Status.Detail, StringComparison.Ordinal);
        Assert.NotEmpty((await client.TranslateAsync(Request())).Image.Data);
    }

    [Fact]
    public async Task Translate_StyleOnlyBundle_AttributesFailedPreconditionStyleServed()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1, conditioning: new ConditioningOptions(ConditioningOptions.DefaultStyleDim, []));
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var attributes = await RefusedAsync(client, WithAttribute("glasses", new AttributeValue { Flag = true }));
        var styled = await PixelsAsync(client, new TranslateRequest(Request()) { StyleReference = TestImages.Png(16, 16, seed: 40) });
        var plain = await PixelsAsync(client, Request());

        Assert.Equal(StatusCode.FailedPrecondition, attributes.StatusCode);
        Assert.Contains("target_attributes", attributes.Status.Detail, StringComparison.Ordinal);
        Assert.False(styled.SequenceEqual(plain), "the style reference does not change the output");
    }

    [Fact]
    public async Task Translate_UnknownAttributeOrValue_InvalidArgumentNamingTheField()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1, conditioning: new ConditioningOptions(0, AttributeNames));
        await using var host = await StartAsync(models);
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var cases = new (string Name, TranslateRequest Request)[]
        {
            ("unknown name", WithAttribute("beard", new AttributeValue { Flag = true })),
            ("unknown class", WithAttribute("hair_color", new AttributeValue { Label = "purple" })),
            ("categorical as flag", WithAttribute("hair_color", new AttributeValue { Flag = true })),
            ("no value", WithAttribute("smile", new AttributeValue())),
            ("not finite", WithAttribute("smile", new AttributeValue { Number = float.NaN })),
        };
        foreach (var (name, request) in cases)
        {
            var error = await RefusedAsync(client, request);
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{name}: {error.StatusCode} {error.Status.Detail}");
            Assert.Contains($"target_attributes[{request.TargetAttributes.Keys.Single()}]", error.Status.Detail, StringComparison.Ordinal);
        }
        var unknown = await RefusedAsync(client, cases[0].Request);
        Assert.Contains("hair_color:green", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.NotEmpty((await client.TranslateAsync(WithAttribute("smile", new AttributeValue { Number = 0.5f }))).Image.Data);
    }
}
