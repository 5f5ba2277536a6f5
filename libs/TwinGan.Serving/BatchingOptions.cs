using System.ComponentModel.DataAnnotations;

namespace TwinGan.Serving;

/// <summary>Dynamic batching, bound from <c>Serving</c> (Triton's max batch size / max queue delay).</summary>
public sealed class BatchingOptions
{
    public const string Section = "Serving";

    /// <summary>Largest batch handed to the model; 1 turns batching off.</summary>
    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>How long the first request of a batch waits for company before the batch runs anyway.</summary>
    [Range(0, 1000)]
    public double MaxQueueDelayMilliseconds { get; set; } = 5;

    /// <summary>Requests waiting at most; one more is refused at once with <c>ResourceExhausted</c>.</summary>
    [Range(1, 100_000)]
    public int MaxQueueLength { get; set; } = 256;
}
