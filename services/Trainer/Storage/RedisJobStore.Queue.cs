using System.Text.Json;
using StackExchange.Redis;

namespace TwinGan.Trainer.Storage;

/// <summary>
/// The shared queue (a stream read through the consumer group <c>workers</c>: each entry goes to one replica) and the
/// checkpoint and publish records of the Redis provider.
/// </summary>
internal sealed partial class RedisJobStore
{
    public async Task<QueueItem?> DequeueAsync(string workerId, CancellationToken cancellationToken)
    {
        await _redis.EnsureSubscribedAsync();
        await EnsureGroupAsync(cancellationToken);
        // An entry read by a replica that died before acknowledging it goes to the next replica that asks.
        var claimed = await _redis.RunAsync(db => db.StreamAutoClaimAsync(QueueKey, Group, workerId, (long)_reclaimAfter.TotalMilliseconds, "0-0", 1), cancellationToken);
        var entry = claimed.ClaimedEntries.FirstOrDefault(IsEntry);
        if (!IsEntry(entry))
        {
            var read = await _redis.RunAsync(db => db.StreamReadGroupAsync(QueueKey, Group, workerId, ">", 1), cancellationToken);
            entry = read.FirstOrDefault(IsEntry);
        }
        return IsEntry(entry) ? new QueueItem(entry["job"].ToString(), entry.Id.ToString()) : null;
    }

    public async Task AckAsync(QueueItem item, CancellationToken cancellationToken)
    {
        await _redis.RunAsync(db => db.StreamAcknowledgeAsync(QueueKey, Group, item.Token), cancellationToken);
        await _redis.RunAsync(db => db.StreamDeleteAsync(QueueKey, [item.Token]), cancellationToken);
    }

    public async Task WaitForQueueAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _redis.EnsureSubscribedAsync();
        await _redis.Notified.WaitAsync(timeout, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, Contracts.Trainer.V1.Checkpoint>> GetCheckpointsAsync(string jobId, CancellationToken cancellationToken)
    {
        var entries = await _redis.RunAsync(db => db.HashGetAllAsync(_prefix + "checkpoints:" + jobId), cancellationToken);
        return entries.ToDictionary(e => e.Name.ToString(), e => Contracts.Trainer.V1.Checkpoint.Parser.ParseFrom((byte[])e.Value!), StringComparer.Ordinal);
    }

    public Task SaveCheckpointAsync(string jobId, Contracts.Trainer.V1.Checkpoint checkpoint, CancellationToken cancellationToken) =>
        _redis.RunAsync(db => db.HashSetAsync(_prefix + "checkpoints:" + jobId, checkpoint.Id, Google.Protobuf.MessageExtensions.ToByteArray(checkpoint)), cancellationToken);

    public async Task<PublishRecord?> GetPublishRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        var value = await _redis.RunAsync(db => db.StringGetAsync(_prefix + "publish-request:" + requestId), cancellationToken);
        return value.IsNull ? null : JsonSerializer.Deserialize<PublishRecord>(value.ToString());
    }

    public async Task SavePublishAsync(PublishRecord record, string requestId, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(record);
        await _redis.RunAsync(db => db.HashSetAsync(_prefix + "publishes:" + record.ModelName, record.Version, json), cancellationToken);
        if (requestId.Length > 0)
            await _redis.RunAsync(db => db.StringSetAsync(_prefix + "publish-request:" + requestId, json), cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, PublishRecord>> GetPublishesAsync(string modelName, CancellationToken cancellationToken)
    {
        var entries = await _redis.RunAsync(db => db.HashGetAllAsync(_prefix + "publishes:" + modelName), cancellationToken);
        return entries.ToDictionary(e => e.Name.ToString(), e => JsonSerializer.Deserialize<PublishRecord>(e.Value.ToString())!, StringComparer.Ordinal);
    }

    /// <summary>An entry with an id and a job (XAUTOCLAIM answers deleted or no entries with empty placeholders).</summary>
    private static bool IsEntry(StreamEntry entry) => !entry.IsNull && !entry.Id.IsNullOrEmpty && !entry["job"].IsNullOrEmpty;

    private async Task EnsureGroupAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _groupCreated) == 1) return;
        try
        {
            await _redis.RunAsync(db => db.StreamCreateConsumerGroupAsync(QueueKey, Group, "0-0", createStream: true), cancellationToken);
        }
        catch (RedisServerException e) when (e.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another replica created it first.
        }
        Volatile.Write(ref _groupCreated, 1);
    }
}
