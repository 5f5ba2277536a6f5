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

    /// <summary>
    /// Measure each loaded model at batch 1, 2, 4… up to <see cref="MaxBatchSize"/> during warm-up and cap its batches
    /// at the size with the lowest time per image: on a CPU a large network can be slower per image at batch 8 than
    /// at 4 (docs/serving.md). False: every model batches up to <see cref="MaxBatchSize"/>.
    /// </summary>
    public bool CalibrateBatchSize { get; set; } = true;

    /// <summary>LibTorch intra-op threads for the process (<c>torch.set_num_threads</c>); 0 keeps LibTorch's choice (one per core).</summary>
    [Range(0, 1024)]
    public int TorchThreads { get; set; }
}
