using System.Text.RegularExpressions;
using StackExchange.Redis;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests.Serving;

/// <summary>The Redis translation cache of the Translator process, against the real redis-server of test.sh.</summary>
public sealed partial class TranslationCacheTests
{
    private static string NewKeyPrefix() => $"test-{Guid.NewGuid():N}:";

    private static async Task<HostProcess> StartAsync(PublishedModels models, string redis, string? keyPrefix = null, params string[] args)
    {
        var host = await HostProcess.StartServiceInAsync("Translator", models.Root, ["--Models:Default=faces",
            "--Translator:Cache:Enabled=true", $"--Translator:Cache:Configuration={redis}",
            $"--Translator:Cache:KeyPrefix={keyPrefix ?? NewKeyPrefix()}", .. args]);
        Assert.Equal(ServingStatus.Serving, await HealthProbe.WaitForAsync(host.Channel, "twingan.translator.v1.TranslatorService", ServingStatus.Serving, TimeSpan.FromSeconds(120)));
        return host;
    }

    private static TranslateRequest Request(int size = 0, ImageFormat format = ImageFormat.Png, bool faceCrop = false) => new()
    {
        Image = TestImages.Png(40, 30, seed: 9),
        SourceDomain = "photo",
        TargetDomain = "anime",
        Output = new OutputOptions { Format = format, Size = size },
        FaceCrop = faceCrop,
    };

    /// <summary>Translates until the response is a hit or the budget is spent: stores do not wait for Redis.</summary>
    private static async Task<TranslateResponse> UntilHitAsync(TranslatorService.TranslatorServiceClient client, TranslateRequest request)
    {
        var response = await client.TranslateAsync(request);
        for (var i = 0; i < 20 && !response.CacheHit; i++)
        {
            await Task.Delay(50);
            response = await client.TranslateAsync(request);
        }
        return response;
    }

    /// <summary>The cache's keys in Redis (SCAN over the test's own prefix).</summary>
    private static async Task<List<RedisKey>> KeysAsync(ConnectionMultiplexer redis, string keyPrefix)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in redis.GetServer(redis.GetEndPoints().Single()).KeysAsync(pattern: keyPrefix + "*"))
            keys.Add(key);
        return keys;
    }

    [RedisFact]
    public async Task Translate_SameRequestAgain_HitSkipsComputeAndReturnsSameImage()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models, RedisFactAttribute.RequireAddress());
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var first = await client.TranslateAsync(Request(faceCrop: true));
        var again = await UntilHitAsync(client, Request(faceCrop: true));
        var bypass = await client.TranslateAsync(new TranslateRequest(Request(faceCrop: true)) { SkipCache = true });

        Assert.False(first.CacheHit);
        Assert.True(first.Timings.BatchSize >= 1);
        Assert.True(again.CacheHit);
        Assert.Equal(0, again.Timings.BatchSize);
        Assert.Equal(first.Image.Data, again.Image.Data);
        Assert.Equal(first.FaceCrop, again.FaceCrop);
        Assert.Equal(("faces", "v1"), (again.ModelName, again.ModelVersion));
        Assert.False(bypass.CacheHit);
        Assert.True(bypass.Timings.BatchSize >= 1);
    }

    [RedisFact]
    public async Task Translate_NewModelVersionPublished_MissesThenCachesTheNewVersion()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await models.AddAsync("v2", seed: 2, publish: false);
        await using var host = await StartAsync(models, RedisFactAttribute.RequireAddress());
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        var v1 = await UntilHitAsync(client, Request());

        await models.Registry.SetCurrentVersionAsync(PublishedModels.Name, "v2");
        var afterPublish = await client.TranslateAsync(Request());
        for (var i = 0; i < 300 && afterPublish.ModelVersion != "v2"; i++)
        {
            await Task.Delay(50);
            afterPublish = await client.TranslateAsync(Request());
        }
        var pinnedOld = await client.TranslateAsync(new TranslateRequest(Request()) { Model = new ModelRef { Name = "faces", Version = "v1" } });

        Assert.True(v1.CacheHit);
        Assert.Equal(("v2", false), (afterPublish.ModelVersion, afterPublish.CacheHit));
        Assert.NotEqual(v1.Image.Data, afterPublish.Image.Data);
        Assert.Equal(("v1", true), (pinnedOld.ModelVersion, pinnedOld.CacheHit));
        var v2 = await UntilHitAsync(client, Request());
        Assert.Equal(("v2", true), (v2.ModelVersion, v2.CacheHit));
    }

    [RedisFact]
    public async Task Translate_ParametersChange_EachMisses()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models, RedisFactAttribute.RequireAddress());
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        Assert.True((await UntilHitAsync(client, Request())).CacheHit);

        var variants = new (string Name, TranslateRequest Request)[]
        {
            ("output size", Request(size: 24)),
            ("output format", Request(format: ImageFormat.Jpeg)),
            ("face crop", Request(faceCrop: true)),
            ("other image", new TranslateRequest(Request()) { Image = TestImages.Png(40, 30, seed: 10) }),
            ("other direction", new TranslateRequest(Request()) { SourceDomain = "anime", TargetDomain = "photo" }),
        };
        foreach (var (name, request) in variants)
            Assert.False((await client.TranslateAsync(request)).CacheHit, name);
    }

    [RedisFact]
    public async Task Translate_Stored_EntryHasTheConfiguredTtl()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        var keyPrefix = NewKeyPrefix();
        await using var host = await StartAsync(models, RedisFactAttribute.RequireAddress(), keyPrefix, "--Translator:Cache:TtlSeconds=120");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());

        Assert.True((await UntilHitAsync(client, Request())).CacheHit);
        var key = Assert.Single(await KeysAsync(redis, keyPrefix));
        var ttl = (long)await redis.GetDatabase().ExecuteAsync("TTL", key);

        // TTL is -1 for a key without expiry and the 3600 s default would be over the bound.
        Assert.InRange(ttl, 1, 120);
    }

    [RedisFact]
    public async Task Translate_ResultOverMaxEntryBytes_ServedComputedAgainAndNotStored()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        var keyPrefix = NewKeyPrefix();
        await using var host = await StartAsync(models, RedisFactAttribute.RequireAddress(), keyPrefix, "--Translator:Cache:MaxEntryBytes=4096");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireAddress());
        var large = Request(size: 256);

        var first = await client.TranslateAsync(large);
        // A small result stored after the large one: once it is a hit, Redis has processed every store sent before
        // it (one connection, commands in order), so a stored large entry could not be missed by the next lookup.
        var small = await UntilHitAsync(client, Request());
        var again = await client.TranslateAsync(large);
        var metrics = await PrometheusMetrics.ScrapeUntilAsync(host, m => m.Value("twingan_translator_cache_total", ("outcome", "too_large")) >= 2);

        Assert.True(first.Image.Data.Length > 4096, $"the 256 px result is only {first.Image.Data.Length} bytes: not over the bound");
        Assert.True(small.CacheHit);
        Assert.False(first.CacheHit);
        Assert.False(again.CacheHit);
        Assert.True(again.Timings.BatchSize >= 1);
        Assert.Equal(first.Image.Data, again.Image.Data);
        var image = ImageCodec.Decode(again.Image.Data.ToByteArray(), ImageLimits.Default);
        Assert.Equal((256, 256), (image.Width, image.Height));
        Assert.Equal(("faces", "v1"), (again.ModelName, again.ModelVersion));
        Assert.Single(await KeysAsync(redis, keyPrefix));
        Assert.Equal(2, metrics.Value("twingan_translator_cache_total", ("outcome", "too_large")));
    }

    [Fact]
    public async Task Translate_RedisUnreachable_ServesUncachedLogsOnceAndCountsErrors()
    {
        using var models = new PublishedModels();
        await models.AddAsync("v1", seed: 1);
        await using var host = await StartAsync(models, $"127.0.0.1:{FreePort.Next()},connectTimeout=500");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);

        var responses = new List<TranslateResponse>();
        for (var i = 0; i < 100 && !host.Output.Contains("Translation cache unreachable", StringComparison.Ordinal); i++)
        {
            responses.Add(await client.TranslateAsync(Request()));
            await Task.Delay(100);
        }
        for (var i = 0; i < 3; i++) responses.Add(await client.TranslateAsync(Request()));
        using var http = new HttpClient();
        var metrics = "";
        for (var i = 0; i < 50 && !ErrorCount().IsMatch(metrics); i++)
        {
            await Task.Delay(100);
            metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{host.MetricsPort}/metrics"));
        }

        Assert.All(responses, r => Assert.False(r.CacheHit));
        Assert.All(responses, r => Assert.NotEmpty(r.Image.Data));
        Assert.Matches(ErrorCount(), metrics);
        Assert.Equal(1, Regex.Count(host.Output, "Translation cache unreachable"));
    }

    [GeneratedRegex("""twingan_translator_cache(_requests)?_total\{[^}]*outcome="error"[^}]*\} [1-9]""")]
    private static partial Regex ErrorCount();
}
