using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TwinGan.ServiceDefaults.Health;
using TwinGan.ServiceDefaults.Registry;

namespace TwinGan.Serving;

/// <summary>
/// Keeps the current version of each served model loaded and swaps in new ones without downtime (the
/// Triton/TF-Serving model-repository behaviour): it follows the registry, loads and warms a newly published
/// version beside the current one, switches atomically, keeps <see cref="ModelsOptions.KeepPreviousVersions"/>
/// earlier versions for pinned requests and releases the rest once their in-flight requests finish.
/// The service is ready when every model in <see cref="ModelsOptions.Serve"/> (or, serving all, any model) is loaded.
/// </summary>
public sealed class ModelHost<TModel>(
    IModelRegistry registry,
    IModelLoader<TModel> loader,
    ModelsOptions options,
    ServiceReadiness readiness,
    IReadOnlyList<string> serviceNames,
    ILogger<ModelHost<TModel>> logger) : BackgroundService
    where TModel : class, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Leases <paramref name="modelName"/> (default model when null) at <paramref name="version"/> (current when null).</summary>
    public ModelLease<TModel> Acquire(string? modelName, string? version)
    {
        var name = string.IsNullOrEmpty(modelName) ? options.Default : modelName;
        if (!_slots.TryGetValue(name, out var slot))
        {
            var served = _slots.IsEmpty ? "none yet" : string.Join(", ", _slots.Keys.Order(StringComparer.Ordinal));
            var expected = name == options.Default || options.Serve.Contains(name);
            throw new ModelNotAvailableException(expected
                ? $"Model '{name}' is served here but no version is loaded yet (publish one to the model registry)."
                : $"Model '{name}' is not served here (loaded: {served}).", modelKnown: expected);
        }
        return slot.Acquire(name, version);
    }

    /// <summary>Every loaded model with its current version first, then the versions kept for pinning.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> LoadedVersions() =>
        _slots.ToDictionary(kv => kv.Key, IReadOnlyList<string> (kv) => kv.Value.Versions(), StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var observed = ServingMetrics.ObserveLoadedVersions(LoadedVersions);
        UpdateReadiness(null);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in registry.WatchAsync(stoppingToken))
                    await ApplyAsync(change, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or StackExchange.Redis.RedisException or TimeoutException)
            {
                ServingLog.RegistryUnavailable(logger, e.GetType().Name, e.Message);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    private async Task ApplyAsync(ModelVersionChange change, CancellationToken cancellationToken)
    {
        if (options.Serve.Count > 0 && !options.Serve.Contains(change.ModelName)) return;
        var slot = _slots.GetOrAdd(change.ModelName, _ => new Slot(options.KeepPreviousVersions));
        if (slot.CurrentVersion == change.Version) return;
        if (slot.TryPromote(change.Version))
        {
            ServingLog.Serving(logger, change.ModelName, change.Version);
            return;
        }
        ServingLog.Loading(logger, change.ModelName, change.Version);
        try
        {
            var model = await Task.Run(() => loader.Load(change.ModelName, change.Version, cancellationToken), cancellationToken);
            slot.Swap(new LoadedVersion<TModel>(change.ModelName, change.Version, model));
            ServingLog.Serving(logger, change.ModelName, change.Version);
            UpdateReadiness(null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ServingLog.LoadFailed(logger, change.ModelName, change.Version, e);
            if (slot.CurrentVersion is null) _slots.TryRemove(change.ModelName, out _);
            UpdateReadiness($"loading {change.ModelName} {change.Version} failed: {e.Message}");
        }
    }

    private void UpdateReadiness(string? failure)
    {
        var missing = options.Serve.Count > 0
            ? options.Serve.Where(m => !_slots.ContainsKey(m)).ToList()
            : _slots.IsEmpty ? ["any model"] : [];
        foreach (var serviceName in serviceNames)
        {
            if (missing.Count == 0)
                readiness.MarkReady(serviceName);
            else
                readiness.MarkNotReady(serviceName, failure ?? $"waiting for {string.Join(", ", missing)} to be published to the model registry");
        }
    }

    public override void Dispose()
    {
        foreach (var slot in _slots.Values) slot.ReleaseAll();
        _slots.Clear();
        base.Dispose();
    }

    /// <summary>The loaded versions of one model: the current one and those kept for pinning, newest first.</summary>
    private sealed class Slot(int keepPrevious)
    {
        private readonly object _gate = new();
        private readonly List<LoadedVersion<TModel>> _versions = [];

        public string? CurrentVersion
        {
            get { lock (_gate) return _versions.Count > 0 ? _versions[0].Version : null; }
        }

        public List<string> Versions()
        {
            lock (_gate) return _versions.Select(v => v.Version).ToList();
        }

        /// <summary>Makes an already loaded version current again (a rollback needs no reload).</summary>
        public bool TryPromote(string version)
        {
            lock (_gate)
            {
                var index = _versions.FindIndex(v => v.Version == version);
                if (index < 0) return false;
                var loaded = _versions[index];
                _versions.RemoveAt(index);
                _versions.Insert(0, loaded);
                return true;
            }
        }

        public void Swap(LoadedVersion<TModel> next)
        {
            List<LoadedVersion<TModel>> retired;
            lock (_gate)
            {
                _versions.Insert(0, next);
                retired = _versions.Skip(1 + keepPrevious).ToList();
                _versions.RemoveRange(_versions.Count - retired.Count, retired.Count);
            }
            foreach (var v in retired) v.Release();
        }

        public ModelLease<TModel> Acquire(string name, string? version)
        {
            lock (_gate)
            {
                var loaded = version is null ? _versions.FirstOrDefault() : _versions.Find(v => v.Version == version);
                if (loaded is null || !loaded.TryAcquire())
                {
                    var have = string.Join(", ", _versions.Select(v => v.Version));
                    throw new ModelNotAvailableException($"Version '{version}' of model '{name}' is not loaded (loaded: {have}).", modelKnown: true);
                }
                return new ModelLease<TModel>(loaded);
            }
        }

        public void ReleaseAll()
        {
            lock (_gate)
            {
                foreach (var v in _versions) v.Release();
                _versions.Clear();
            }
        }
    }
}
