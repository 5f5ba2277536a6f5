using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using TwinGan.ServiceDefaults.Health;
using TwinGan.ServiceDefaults.Registry;

namespace TwinGan.Serving.Tests;

/// <summary>Hot swap through a real (file) registry with a counting loader standing in for model bundles.</summary>
public sealed class ModelHostTests : IAsyncLifetime
{
    private const string Service = "twingan.test.v1.TestService";
    private readonly string _root = Directory.CreateTempSubdirectory("twingan-host-").FullName;
    private readonly ServiceReadiness _readiness = new();
    private readonly CountingLoader _loader = new();
    private FileModelRegistry _registry = null!;

    public Task InitializeAsync()
    {
        _registry = new FileModelRegistry(_root);
        _readiness.Declare(Service, "starting");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Publish_NewVersion_SwapsAndKeepsInFlightLeaseAlive()
    {
        using var host = await StartAsync(new ModelsOptions { Default = "m", KeepPreviousVersions = 1 });
        await _registry.SetCurrentVersionAsync("m", "v1");
        await WaitForAsync(() => _readiness.NotReadyReason(Service) is null);
        using var inFlight = host.Acquire(null, null);

        await _registry.SetCurrentVersionAsync("m", "v2");
        await WaitForAsync(() => CurrentVersion(host) == "v2");
        await _registry.SetCurrentVersionAsync("m", "v3");
        await WaitForAsync(() => CurrentVersion(host) == "v3");

        Assert.Equal("v1", inFlight.Version);
        Assert.False(inFlight.Model.Disposed, "a retired version was disposed under an in-flight request");
        using (var pinned = host.Acquire("m", "v2")) Assert.Equal("v2", pinned.Version);
        Assert.Throws<ModelNotAvailableException>(() => host.Acquire("m", "v1"));
        var v1 = inFlight.Model;
        inFlight.Dispose();
        Assert.True(v1.Disposed, "the retired version was not released after its last request");
    }

    [Fact]
    public async Task Publish_BrokenVersion_PreviousKeepsServing()
    {
        using var host = await StartAsync(new ModelsOptions { Default = "m" });
        await _registry.SetCurrentVersionAsync("m", "v1");
        await WaitForAsync(() => CurrentVersion(host) == "v1");

        await _registry.SetCurrentVersionAsync("m", "broken");
        await WaitForAsync(() => _loader.Calls.Contains("m/broken"));
        await Task.Delay(100);

        using var lease = host.Acquire(null, null);
        Assert.Equal("v1", lease.Version);
    }

    [Fact]
    public async Task Publish_RollbackToLoadedVersion_DoesNotReload()
    {
        using var host = await StartAsync(new ModelsOptions { Default = "m", KeepPreviousVersions = 1 });
        await _registry.SetCurrentVersionAsync("m", "v1");
        await WaitForAsync(() => CurrentVersion(host) == "v1");
        await _registry.SetCurrentVersionAsync("m", "v2");
        await WaitForAsync(() => CurrentVersion(host) == "v2");

        await _registry.SetCurrentVersionAsync("m", "v1");
        await WaitForAsync(() => CurrentVersion(host) == "v1");

        Assert.Single(_loader.Calls, c => c == "m/v1");
    }

    [Fact]
    public async Task Readiness_ServeListModelNotPublished_NotReadyWithReason()
    {
        using var host = await StartAsync(new ModelsOptions { Default = "a", Serve = ["a", "b"] });
        await _registry.SetCurrentVersionAsync("a", "v1");
        await _registry.SetCurrentVersionAsync("other", "v1");
        await WaitForAsync(() => CurrentVersion(host) == "v1");

        Assert.Contains("waiting for b", _readiness.NotReadyReason(Service));
        Assert.Throws<ModelNotAvailableException>(() => host.Acquire("other", null));

        await _registry.SetCurrentVersionAsync("b", "v1");
        await WaitForAsync(() => _readiness.NotReadyReason(Service) is null);
    }

    [Fact]
    public async Task ModelLoaded_AfterSwaps_OneForCurrentAndEachKeptVersion()
    {
        var host = await StartAsync(new ModelsOptions { Default = "gauge", KeepPreviousVersions = 1 });
        foreach (var version in new[] { "v1", "v2", "v3" })
        {
            await _registry.SetCurrentVersionAsync("gauge", version);
            await WaitForAsync(() => host.LoadedVersions().TryGetValue("gauge", out var loaded) && loaded[0] == version);
        }

        var observed = ObserveModelLoaded("gauge");
        host.Dispose();

        Assert.Equal([("v2", false, 1), ("v3", true, 1)], observed.Order());
        Assert.Empty(ObserveModelLoaded("gauge"));
    }

    private async Task<ModelHost<FakeModel>> StartAsync(ModelsOptions options)
    {
        var host = new ModelHost<FakeModel>(_registry, _loader, options, _readiness, [Service], NullLogger<ModelHost<FakeModel>>.Instance);
        await host.StartAsync(CancellationToken.None);
        return host;
    }

    private static string? CurrentVersion(ModelHost<FakeModel> host) =>
        host.LoadedVersions().TryGetValue("a", out var a) ? a[0] : host.LoadedVersions().TryGetValue("m", out var m) ? m[0] : null;

    /// <summary>One collection of <c>twingan.serving.model.loaded</c>, as a Prometheus scrape would take it.</summary>
    private static List<(string Version, bool Current, int Value)> ObserveModelLoaded(string model)
    {
        var observed = new List<(string, bool, int)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "TwinGan.Serving" && instrument.Name == "twingan.serving.model.loaded") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(kv => kv.Key, kv => kv.Value);
            if (Equals(t["model"], model)) observed.Add(((string)t["version"]!, (bool)t["current"]!, value));
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition()) return;
            await Task.Delay(25);
        }
        Assert.Fail("condition not reached within 5 s");
    }

    internal sealed class FakeModel : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class CountingLoader : IModelLoader<FakeModel>
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public FakeModel Load(string modelName, string version, CancellationToken cancellationToken)
        {
            Calls.Enqueue($"{modelName}/{version}");
            return version == "broken" ? throw new InvalidDataException("manifest hash mismatch") : new FakeModel();
        }
    }
}
