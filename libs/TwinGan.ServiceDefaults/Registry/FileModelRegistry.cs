using System.Runtime.CompilerServices;

namespace TwinGan.ServiceDefaults.Registry;

/// <summary>
/// File provider: <c>&lt;root&gt;/registry/&lt;model&gt;.current</c> holds the version, replaced atomically
/// (write a temp file, rename over). Watchers are woken by <see cref="FileSystemWatcher"/> and re-read every
/// second anyway, since file events are not delivered on every shared volume.
/// </summary>
public sealed class FileModelRegistry(string root) : IModelRegistry
{
    private const string Suffix = ".current";
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly string _dir = Path.Combine(Path.GetFullPath(root), "registry");

    public async Task<string?> GetCurrentVersionAsync(string modelName, CancellationToken cancellationToken = default)
    {
        ModelNames.ThrowIfInvalid(modelName);
        var path = PointerPath(modelName);
        return File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : null;
    }

    public async Task SetCurrentVersionAsync(string modelName, string version, CancellationToken cancellationToken = default)
    {
        ModelNames.ThrowIfInvalid(modelName, version);
        Directory.CreateDirectory(_dir);
        var temp = Path.Combine(_dir, $".{modelName}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temp, version, cancellationToken);
        File.Move(temp, PointerPath(modelName), overwrite: true);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(_dir)) return result;
        foreach (var path in Directory.EnumerateFiles(_dir, "*" + Suffix))
        {
            var name = Path.GetFileName(path)[..^Suffix.Length];
            if (!ModelNames.IsValidName(name)) continue;
            result[name] = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }
        return result;
    }

    public async IAsyncEnumerable<ModelVersionChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_dir);
        using var wake = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(_dir, "*" + Suffix) { EnableRaisingEvents = true };
        void Signal(object? sender, FileSystemEventArgs e) => wake.Release();
        watcher.Created += Signal;
        watcher.Changed += Signal;
        watcher.Renamed += (s, e) => Signal(s, e);
        await foreach (var change in RegistryWatch.RunAsync(ListAsync, (period, ct) => wake.WaitAsync(period, ct), Period, cancellationToken))
            yield return change;
    }

    private string PointerPath(string modelName) => Path.Combine(_dir, modelName + Suffix);
}
