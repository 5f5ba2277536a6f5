using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Embedder.V1;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests.Serving;

/// <summary>The Embedder process, and a model publish under concurrent load.</summary>
public sealed class EmbedderServingTests
{
    private const string ServiceName = "twingan.embedder.v1.EmbedderService";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private static async Task<HostProcess> StartAsync(PublishedModels models)
    {
        var host = await HostProcess.StartServiceInAsync("Embedder", models.Root, "--Models:Default=faces");
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, ServiceName, ServingStatus.Serving, Settle));
        return host;
    }

    [Fact]
    public async Task Embed_BothLayouts_UnitVectorsOfManifestDimension()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new EmbedderService.EmbedderServiceClient(host.Channel);
        var specs = (await client.GetModelInfoAsync(new GetModelInfoRequest())).Model.Manifest.Embeddings.ToDictionary(e => e.Layout, e => e.Dimension);

        foreach (var layout in new[] { EmbeddingLayout.Pooled, EmbeddingLayout.Flattened })
        {
            var embedding = (await client.EmbedAsync(new EmbedRequest { Image = TestImages.Png(20, 20), Domain = "anime", Layout = layout })).Embedding;

            Assert.Equal(specs[layout], embedding.Values.Count);
            Assert.Equal(1.0, Math.Sqrt(embedding.Values.Sum(v => (double)v * v)), 3);
            Assert.Equal(("faces", "v1", "anime", layout), (embedding.ModelName, embedding.ModelVersion, embedding.Domain, embedding.Layout));
        }
    }

    [Fact]
    public async Task EmbedBatch_SeveralImages_OneUnitVectorPerImageInOrderWithVersion()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new EmbedderService.EmbedderServiceClient(host.Channel);
        var requests = Enumerable.Range(0, 4).Select(i => new EmbedRequest { Image = TestImages.Png(16 + (8 * i), 24, (byte)(60 * i)), Domain = "photo" }).ToList();

        var response = await client.EmbedBatchAsync(new EmbedBatchRequest { Requests = { requests } });
        var singles = new List<float[]>();
        foreach (var r in requests) singles.Add([.. (await client.EmbedAsync(r)).Embedding.Values]);

        Assert.Equal(requests.Count, response.Results.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var embedding = response.Results[i].Response.Embedding;
            Assert.Equal(("faces", "v1", "photo"), (embedding.ModelName, embedding.ModelVersion, embedding.Domain));
            Assert.Equal(1.0, Math.Sqrt(embedding.Values.Sum(v => (double)v * v)), 3);
            // Item i is image i: nearest to its own unary embedding, and distinct from the others.
            var distances = singles.Select(s => s.Zip(embedding.Values, (a, b) => Math.Abs(a - b)).Max()).ToList();
            Assert.True(distances[i] < 1e-4, $"item {i} differs from its unary embedding by {distances[i]}");
            Assert.All(distances.Where((_, j) => j != i), d => Assert.True(d > 1e-3, $"item {i} matches another image's embedding ({d})"));
        }
    }

    [OpenCvFact]
    public async Task Embed_FaceCrop_DetectsRenderedFaceOrReportsCentreFallback()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new EmbedderService.EmbedderServiceClient(host.Channel);

        var face = await client.EmbedAsync(new EmbedRequest { Image = TestImages.OffCentreFace(), Domain = "photo", FaceCrop = true });
        var blank = await client.EmbedAsync(new EmbedRequest { Image = TestImages.Png(64, 48), Domain = "photo", FaceCrop = true });

        Assert.Equal(CropMethod.Detected, face.FaceCrop.Method);
        Assert.InRange(face.FaceCrop.Box.X + (face.FaceCrop.Box.Width / 2), 256 + 100, 256 + 156);
        Assert.Equal(CropMethod.CenterFallback, blank.FaceCrop.Method);
        Assert.Equal((8, 0, 48, 48), (blank.FaceCrop.Box.X, blank.FaceCrop.Box.Y, blank.FaceCrop.Box.Width, blank.FaceCrop.Box.Height));
    }

    [Fact]
    public async Task Embed_UnknownDomainOrOversizedBatch_InvalidArgument()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models);
        var client = new EmbedderService.EmbedderServiceClient(host.Channel);

        var domain = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.EmbedAsync(new EmbedRequest { Image = TestImages.Png(16, 16), Domain = "cat" }));
        var batch = new EmbedBatchRequest();
        for (var i = 0; i < 65; i++) batch.Requests.Add(new EmbedRequest { Image = TestImages.Png(8, 8), Domain = "photo" });
        var oversized = await Assert.ThrowsAsync<RpcException>(async () => await client.EmbedBatchAsync(batch));

        Assert.Equal(StatusCode.InvalidArgument, domain.StatusCode);
        Assert.Contains("'cat' is not a domain", domain.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, oversized.StatusCode);
    }

    [Fact]
    public async Task Publish_UnderConcurrentLoad_NoRequestFailsAndVersionSwitches()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await models.AddAsync("v2", seed: 2, publish: false);
        await using var host = await StartAsync(models);
        var client = new EmbedderService.EmbedderServiceClient(host.Channel);
        EmbedRequest Request(int id, string? version = null) => new()
        {
            Image = TestImages.Png(16, 16, (byte)(20 * id)),
            Domain = "photo",
            Model = version is null ? null : new ModelRef { Name = PublishedModels.Name, Version = version },
        };

        var responses = await PublishUnderLoad.RunAsync(models, "v2", clients: 8, async id =>
        {
            var embedding = (await client.EmbedAsync(Request(id))).Embedding;
            return (embedding.ModelVersion, embedding.Values.ToArray());
        });

        PublishUnderLoad.AssertSwitched(responses, "v1", "v2");
        // Each response is the embedding of the version it names (v1 stays loaded as the previous version).
        var expected = new Dictionary<(string, int), float[]>();
        foreach (var version in new[] { "v1", "v2" })
            for (var id = 0; id < 8; id++)
                expected[(version, id)] = [.. (await client.EmbedAsync(Request(id, version))).Embedding.Values];
        for (var id = 0; id < 8; id++)
            Assert.True(MaxDifference(expected[("v1", id)], expected[("v2", id)]) > 1e-3, $"client {id}: v1 and v2 embed alike");
        Assert.All(responses, r =>
            Assert.True(MaxDifference(expected[(r.Version, r.Client)], r.Output) < 1e-4, $"client {r.Client}: not the embedding of {r.Version}"));
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
