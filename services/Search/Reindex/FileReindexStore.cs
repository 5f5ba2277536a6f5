using System.Text;
using Google.Protobuf;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Gallery;
using TwinGan.Search.Storage;

namespace TwinGan.Search.Reindex;

/// <summary>
/// File layout (beside the gallery log, one process per folder, so the lease is always this process's):
/// <c>reindex/&lt;id&gt;.state</c> (request id, cursor, begin offset, ReindexOperation protobuf), replaced atomically,
/// and <c>reindex/latest</c> holding the latest id.
/// </summary>
internal sealed class FileReindexStore(string galleryDirectory) : IReindexStore, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetFullPath(galleryDirectory), "reindex");
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<ReindexRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return Read(id);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<(ReindexRecord Record, bool Created)> CreateAsync(ReindexRecord candidate, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (candidate.RequestId.Length > 0 && Directory.Exists(_dir))
            {
                foreach (var path in Directory.EnumerateFiles(_dir, "*.state"))
                {
                    var known = Read(Path.GetFileNameWithoutExtension(path));
                    if (known?.RequestId == candidate.RequestId) return (known, false);
                }
            }
            if (Read("") is { IsRunning: true } running) return (running, false);
            Write(candidate);
            WriteAtomically(Path.Combine(_dir, "latest"), Encoding.UTF8.GetBytes(candidate.Id));
            return (candidate, true);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<bool> SaveAsync(ReindexRecord record, IReadOnlyCollection<ReindexState> from, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (Read(record.Id) is not { } current || !from.Contains(current.Operation.State)) return false;
            Write(record);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    public Task<bool> TryLeaseAsync(string owner, TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseLeaseAsync(string owner, CancellationToken cancellationToken) => Task.CompletedTask;

    private ReindexRecord? Read(string id)
    {
        if (id.Length == 0)
        {
            var latest = Path.Combine(_dir, "latest");
            if (!File.Exists(latest)) return null;
            id = File.ReadAllText(latest).Trim();
        }
        var path = Path.Combine(_dir, id + ".state");
        if (!Validation.IsReindexId(id) || !File.Exists(path)) return null;
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        var request = r.ReadString();
        var cursor = r.ReadString();
        var begin = r.ReadString();
        var op = ReindexOperation.Parser.ParseFrom(r.ReadBytes(r.ReadInt32()));
        return new ReindexRecord(op, request, cursor, begin.Length > 0 ? ChangeOffset.Parse(begin) : ChangeOffset.Zero);
    }

    private void Write(ReindexRecord record)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(record.RequestId);
            w.Write(record.Cursor);
            w.Write(record.BeginOffset == ChangeOffset.Zero ? "" : record.BeginOffset.ToString());
            var op = record.Operation.ToByteArray();
            w.Write(op.Length);
            w.Write(op);
        }
        WriteAtomically(Path.Combine(_dir, record.Id + ".state"), buffer.ToArray());
    }

    private void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(_dir);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
