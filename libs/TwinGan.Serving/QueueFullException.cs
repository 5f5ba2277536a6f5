namespace TwinGan.Serving;

/// <summary>The batching queue is full; services answer <c>ResourceExhausted</c> so clients back off.</summary>
public sealed class QueueFullException(string queue, int capacity)
    : Exception($"The {queue} queue is full ({capacity} requests waiting); retry with backoff.")
{
    public string Queue { get; } = queue;
    public int Capacity { get; } = capacity;
}
