namespace TwinGan.ServiceDefaults.Registry;

/// <summary>A model's current version changed (or the model appeared).</summary>
public sealed record ModelVersionChange(string ModelName, string Version);

/// <summary>
/// The current version of each named model (the model store holds the bundles; this says which one serves).
/// File provider: pointer files + file watching; Redis provider: a hash + pub/sub. Translator and Embedder
/// watch it to hot-reload; the Trainer's PublishModel and SetCurrentModelVersion write it.
/// </summary>
public interface IModelRegistry
{
    /// <summary>The current version of <paramref name="modelName"/>, or null when it was never published.</summary>
    Task<string?> GetCurrentVersionAsync(string modelName, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="version"/> current and notifies watchers. Idempotent.</summary>
    Task SetCurrentVersionAsync(string modelName, string version, CancellationToken cancellationToken = default);

    /// <summary>Every registered model and its current version.</summary>
    Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every registered model's current version first, then each change (including models that appear), until
    /// cancelled. A watcher that misses a
    /// notification (Redis reconnect, lost inotify event) still converges: providers also re-read periodically.
    /// </summary>
    IAsyncEnumerable<ModelVersionChange> WatchAsync(CancellationToken cancellationToken = default);
}
