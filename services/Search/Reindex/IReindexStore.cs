using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Storage;

namespace TwinGan.Search.Reindex;

/// <summary>
/// A reindex as stored: the operation clients see, the idempotency key it was started with, the last item id done
/// (items are re-embedded in id order, so a worker that takes over continues after it) and the offset of its begin
/// mark (Zero until written).
/// </summary>
internal sealed record ReindexRecord(ReindexOperation Operation, string RequestId, string Cursor, ChangeOffset BeginOffset)
{
    public string Id => Operation.Id;

    public bool IsRunning => Operation.State is ReindexState.Pending or ReindexState.Embedding or ReindexState.Building or ReindexState.Switching;
}

/// <summary>
/// Where reindex operations live (the provider of the gallery: Redis hashes or files beside the log) and the lease
/// that lets one replica at a time do the work.
/// </summary>
internal interface IReindexStore
{
    /// <summary>The reindex with this id, or the latest when <paramref name="id"/> is empty; null when there is none.</summary>
    Task<ReindexRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="candidate"/> as the latest reindex unless one with its request id exists or a reindex is
    /// running; then returns that one with <c>Created</c> false. Atomic across replicas.
    /// </summary>
    Task<(ReindexRecord Record, bool Created)> CreateAsync(ReindexRecord candidate, CancellationToken cancellationToken);

    /// <summary>Replaces the stored record if its current state is one of <paramref name="from"/>; false otherwise (nothing written).</summary>
    Task<bool> SaveAsync(ReindexRecord record, IReadOnlyCollection<ReindexState> from, CancellationToken cancellationToken);

    /// <summary>Takes or renews the worker lease for <paramref name="owner"/>; false while another owner holds it.</summary>
    Task<bool> TryLeaseAsync(string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="owner"/> holds it.</summary>
    Task ReleaseLeaseAsync(string owner, CancellationToken cancellationToken);
}
