using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TwinGan.Serving;

/// <summary>Queue time vs compute time, batch sizes and refusals, per queue (translate, embed); the loaded model versions.</summary>
internal static class ServingMetrics
{
    private static readonly Meter Meter = new("TwinGan.Serving");

    /// <summary>What each running model host has loaded: model name → versions, the current one first.</summary>
    private static readonly ConcurrentDictionary<object, Func<IReadOnlyDictionary<string, IReadOnlyList<string>>>> LoadedSources = new();

    public static readonly Histogram<double> QueueTime =
        Meter.CreateHistogram<double>("twingan.serving.queue_time", "ms", "time a request waited before its batch ran");

    public static readonly Histogram<double> ComputeTime =
        Meter.CreateHistogram<double>("twingan.serving.compute_time", "ms", "model time of one batch");

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("twingan.serving.batch_size", "{request}", "requests per batch");

    public static readonly Counter<long> Rejected =
        Meter.CreateCounter<long>("twingan.serving.rejected", "{request}", "requests refused because the queue was full");

    public static readonly Counter<long> Dropped =
        Meter.CreateCounter<long>("twingan.serving.dropped", "{request}", "requests cancelled or past their deadline before compute");

    /// <summary>
    /// 1 per loaded model version, tagged <c>model</c>, <c>version</c> and <c>current</c> (false: kept for pinned
    /// requests). Observed, so a retired version disappears with its host's next report instead of lingering at 0.
    /// </summary>
    public static readonly ObservableGauge<int> ModelLoaded =
        Meter.CreateObservableGauge("twingan.serving.model.loaded", ObserveLoaded, "{version}", "model versions loaded and warm, 1 each");

    /// <summary>Reports <paramref name="loaded"/> in <see cref="ModelLoaded"/> until the returned registration is disposed.</summary>
    public static IDisposable ObserveLoadedVersions(Func<IReadOnlyDictionary<string, IReadOnlyList<string>>> loaded)
    {
        var registration = new Registration();
        LoadedSources[registration] = loaded;
        return registration;
    }

    private static IEnumerable<Measurement<int>> ObserveLoaded() =>
        from source in LoadedSources.Values
        from model in source()
        from version in model.Value.Select((v, i) => (Name: v, Current: i == 0))
        select new Measurement<int>(1,
            new KeyValuePair<string, object?>("model", model.Key),
            new KeyValuePair<string, object?>("version", version.Name),
            new KeyValuePair<string, object?>("current", version.Current));

    private sealed class Registration : IDisposable
    {
        public void Dispose() => LoadedSources.TryRemove(this, out _);
    }
}
