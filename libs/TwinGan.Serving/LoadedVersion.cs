namespace TwinGan.Serving;

/// <summary>
/// One loaded model version with a reference count: the host holds one reference while the version is live,
/// each in-flight request holds one through a <see cref="ModelLease{TModel}"/>. The model is disposed when the
/// count reaches zero, so a retired version finishes its in-flight requests first.
/// </summary>
internal sealed class LoadedVersion<TModel>(string name, string version, TModel model)
    where TModel : class, IDisposable
{
    private int _references = 1;

    public string Name { get; } = name;
    public string Version { get; } = version;
    public TModel Model { get; } = model;

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return true;
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) Model.Dispose();
    }
}

/// <summary>A request's hold on a loaded model version; dispose it when the request is done.</summary>
public sealed class ModelLease<TModel> : IDisposable
    where TModel : class, IDisposable
{
    private LoadedVersion<TModel>? _version;

    internal ModelLease(LoadedVersion<TModel> version) => _version = version;

    public TModel Model => (_version ?? throw new ObjectDisposedException(nameof(ModelLease<TModel>))).Model;

    public string Name => _version?.Name ?? "";

    public string Version => _version?.Version ?? "";

    public void Dispose() => Interlocked.Exchange(ref _version, null)?.Release();
}
