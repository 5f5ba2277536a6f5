using System.Diagnostics.Metrics;

namespace TwinGan.Serving;

/// <summary>Queue time vs compute time, batch sizes and refusals, per queue (model name).</summary>
internal static class ServingMetrics
{
    private static readonly Meter Meter = new("TwinGan.Serving");

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
}
