using System.Text.Json;
using Google.Protobuf;

namespace TwinGan.Trainer.Storage;

/// <summary>Checkpoint and publish records of the file provider: one small file each.</summary>
internal sealed partial class FileJobStore
{
    public async Task<IReadOnlyDictionary<string, Contracts.Trainer.V1.Checkpoint>> GetCheckpointsAsync(string jobId, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Contracts.Trainer.V1.Checkpoint>(StringComparer.Ordinal);
        var dir = Path.Combine(JobDir(jobId), "checkpoints");
        if (!Directory.Exists(dir)) return result;
        foreach (var path in Directory.EnumerateFiles(dir, "*.pb"))
        {
            var checkpoint = Contracts.Trainer.V1.Checkpoint.Parser.ParseFrom(await File.ReadAllBytesAsync(path, cancellationToken));
            result[checkpoint.Id] = checkpoint;
        }
        return result;
    }

    public async Task SaveCheckpointAsync(string jobId, Contracts.Trainer.V1.Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var path = Path.Combine(JobDir(jobId), "checkpoints", checkpoint.Id + ".pb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temp, checkpoint.ToByteArray(), cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    public async Task<PublishRecord?> GetPublishRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_dir, "publish", "requests", requestId + ".json");
        return File.Exists(path) ? JsonSerializer.Deserialize<PublishRecord>(await File.ReadAllTextAsync(path, cancellationToken)) : null;
    }

    public async Task SavePublishAsync(PublishRecord record, string requestId, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(record);
        await WriteAtomicAsync(Path.Combine(_dir, "publish", "models", record.ModelName, record.Version + ".json"), json, cancellationToken);
        if (requestId.Length > 0)
            await WriteAtomicAsync(Path.Combine(_dir, "publish", "requests", requestId + ".json"), json, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, PublishRecord>> GetPublishesAsync(string modelName, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, PublishRecord>(StringComparer.Ordinal);
        var dir = Path.Combine(_dir, "publish", "models", modelName);
        if (!Directory.Exists(dir)) return result;
        foreach (var path in Directory.EnumerateFiles(dir, "*.json"))
        {
            var record = JsonSerializer.Deserialize<PublishRecord>(await File.ReadAllTextAsync(path, cancellationToken))!;
            result[record.Version] = record;
        }
        return result;
    }
}
