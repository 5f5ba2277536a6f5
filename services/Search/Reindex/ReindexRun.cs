using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.EmbedderClient;
using TwinGan.Search.Indexing;
using TwinGan.Search.Options;
using TwinGan.Search.Storage;

namespace TwinGan.Search.Reindex;

/// <summary>
/// One worker's turn at a reindex: begin mark, re-embed every item in id order after the cursor and stage it (saving
/// the cursor and progress after each batch), catch up items written meanwhile without a staged form, switch mark,
/// then repair items written by replicas that had not applied the switch yet. The staging index itself is built by
/// every replica's follower from the stage entries, so "building" is only waiting for this replica to apply them.
/// A save refused because the operation was cancelled ends the run with an abort mark.
/// </summary>
internal sealed partial class ReindexRun(
    ReindexRecord record, IReindexStore reindexes, IGalleryStore store, Replica replica, EmbedderGateway embedder,
    SearchOptions options, string replicaId, ILogger logger)
{
    private const int MaxFailedItems = 100;
    private const int CatchUpRounds = 3;
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(2);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _completedAtStart;
    private ReindexRecord _record = record;
    private ChangeOffset _lastStaged;

    private ReindexOperation Op => _record.Operation;

    private bool ReuseEmbeddings => Op.ToModelVersion == Op.FromModelVersion;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await BeginAsync(cancellationToken)) return;
            _completedAtStart = Op.Progress.Completed;
            var pending = replica.Index.Items.Select(i => i.Id).Where(id => string.CompareOrdinal(id, _record.Cursor) > 0)
                .Order(StringComparer.Ordinal).ToList();
            if (Op.Progress.Total == 0) Op.Progress.Total = replica.Index.Count;
            if (!await ProcessAsync(pending, advanceCursor: true, cancellationToken)) return;
            for (var round = 0; round < CatchUpRounds; round++)
            {
                await WaitAppliedAsync(_lastStaged, cancellationToken);
                var missed = Missing(staging: true);
                if (missed.Count == 0) break;
                Op.Progress.Total += missed.Count;
                if (!await ProcessAsync(missed, advanceCursor: false, cancellationToken)) return;
            }
            if (!await MoveAsync(ReindexState.Building, [ReindexState.Embedding], cancellationToken)) return;
            await WaitAppliedAsync(_lastStaged, cancellationToken);
            if (!await MoveAsync(ReindexState.Switching, [ReindexState.Building], cancellationToken)) return;
            var switched = await store.AppendMarkAsync(Mark(MarkEvent.Switch), cancellationToken);
            await WaitAppliedAsync(switched, cancellationToken);
            SearchLog.ReindexSwitched(logger, Op.Id, Op.ToModelVersion, switched.ToString());
            await RepairAsync(cancellationToken);
            Op.EndTime = Timestamp.FromDateTime(DateTime.UtcNow);
            await MoveAsync(ReindexState.Succeeded, [ReindexState.Switching], cancellationToken);
        }
        catch (ReindexFailedException e)
        {
            await FailAsync(e.Message, cancellationToken);
        }
    }

    /// <summary>Writes the begin mark once (its offset is saved) and waits until this replica stages for it.</summary>
    private async Task<bool> BeginAsync(CancellationToken cancellationToken)
    {
        Op.WorkerReplicaId = replicaId;
        if (_record.BeginOffset == ChangeOffset.Zero)
        {
            var begin = await store.AppendMarkAsync(Mark(MarkEvent.Begin), cancellationToken);
            _record = _record with { BeginOffset = begin };
        }
        SearchLog.ReindexWorking(logger, Op.Id, Op.FromModelVersion, Op.ToModelVersion, _record.Cursor);
        if (!await MoveAsync(ReindexState.Embedding, [ReindexState.Pending, ReindexState.Embedding], cancellationToken)) return false;
        await WaitAppliedAsync(_record.BeginOffset, cancellationToken);
        if (replica.Next?.Mark.ReindexId != Op.Id)
            throw new ReindexFailedException("the staging index of this reindex is missing on the worker replica (a newer reindex began?)");
        return true;
    }

    /// <summary>Items of the active index without a staged form (or, after the switch, not indexed) that can still be re-embedded.</summary>
    private List<string> Missing(bool staging)
    {
        var next = replica.Next?.Index;
        return [.. replica.Index.Items.Select(i => i.Id)
            .Where(id => !_failed.Contains(id) && (staging ? next is not null && !next.TryGet(id, out _) : !replica.Index.IsIndexed(id)))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>After the switch: items a lagging replica wrote in the old version only are re-embedded into the active index.</summary>
    private async Task RepairAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(options.FollowPollInterval * 2, cancellationToken);
        var missed = Missing(staging: false).Where(id => replica.Index.TryGet(id, out var item) && item.SourceImageRetained).ToList();
        if (missed.Count == 0) return;
        Op.Progress.Total += missed.Count;
        await ProcessAsync(missed, advanceCursor: false, cancellationToken);
    }

    private async Task FailAsync(string message, CancellationToken cancellationToken)
    {
        SearchLog.ReindexFailed(logger, Op.Id, message);
        Op.FailureMessage = message;
        Op.EndTime = Timestamp.FromDateTime(DateTime.UtcNow);
        if (await MoveAsync(ReindexState.Failed, [ReindexState.Pending, ReindexState.Embedding, ReindexState.Building], cancellationToken))
            await AbortAsync(cancellationToken);
    }

    private async Task AbortAsync(CancellationToken cancellationToken)
    {
        if (_record.BeginOffset != ChangeOffset.Zero) await store.AppendMarkAsync(Mark(MarkEvent.Abort), cancellationToken);
    }

    /// <summary>Saves the operation in <paramref name="state"/>; false (after the abort mark) when it was cancelled meanwhile.</summary>
    private async Task<bool> MoveAsync(ReindexState state, ReindexState[] from, CancellationToken cancellationToken)
    {
        Op.State = state;
        Op.UpdateTime = Timestamp.FromDateTime(DateTime.UtcNow);
        UpdateRate();
        if (await reindexes.SaveAsync(_record, from, cancellationToken)) return true;
        SearchLog.ReindexCancelled(logger, Op.Id);
        await AbortAsync(cancellationToken);
        return false;
    }

    private void UpdateRate()
    {
        var done = Op.Progress.Completed - _completedAtStart;
        var seconds = _clock.Elapsed.TotalSeconds;
        Op.Progress.RatePerSecond = seconds > 0 ? done / seconds : 0;
        var left = Op.Progress.Total - Op.Progress.Completed;
        Op.Progress.Eta = Op.Progress.RatePerSecond > 0 && left > 0 ? Duration.FromTimeSpan(TimeSpan.FromSeconds(left / Op.Progress.RatePerSecond)) : null;
    }

    private ReindexMark Mark(MarkEvent e) =>
        new(e, Op.Id, Op.ToModelVersion, Op.IndexParams.M, Op.IndexParams.EfConstruction, Op.IndexParams.EfSearch);

    private async Task WaitAppliedAsync(ChangeOffset offset, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + ApplyTimeout;
        while (replica.Applied < offset)
        {
            if (DateTime.UtcNow > until) throw new ReindexFailedException($"the worker replica did not apply the change log up to {offset} in {ApplyTimeout}");
            await replica.Index.WaitForAsync(offset, TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private void RecordFailure(string id, int code, string message)
    {
        _failed.Add(id);
        Op.Progress.Failed++;
        if (Op.FailedItems.Count < MaxFailedItems) Op.FailedItems[id] = new ItemError { Code = code, Message = message };
    }

    /// <summary>Why the reindex cannot go on; it ends FAILED with this sentence.</summary>
    private sealed class ReindexFailedException(string message) : Exception(message);

    private static bool IsTransient(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded or StatusCode.Aborted;
}
