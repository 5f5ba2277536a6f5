using System.Buffers.Binary;
using Google.Protobuf.WellKnownTypes;
using TwinGan.Contracts.Search.V1;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Search.Storage;

/// <summary>
/// File provider (embedded default, one process per folder): <c>changes.log</c> is an append-only log of CRC-framed
/// records, fsynced before a write is acknowledged; <c>gallery.snapshot</c> holds every live item at a log sequence and
/// is replaced atomically (temp + rename). Opening truncates a torn tail left by a crash. Sequence numbers only grow.
/// The live items are kept in memory to answer created/not-found and to write snapshots.
/// </summary>
internal sealed partial class FileGalleryStore : IGalleryStore, IDisposable
{
    private static readonly byte[] LogMagic = "TGGLOG01"u8.ToArray();
    private static readonly byte[] SnapshotMagic = "TGGSNP01"u8.ToArray();
    private const int LogHeaderBytes = 16;
    private const int CompactMinRecords = 1024;

    private readonly string _dir;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly AsyncSignal _changed = new();
    private readonly Dictionary<string, FileLogRecord> _live = new(StringComparer.Ordinal);
    private readonly List<(long Seq, long Position)> _records = [];
    private readonly FileStream _lockFile;
    private FileStream _log = null!;
    private FileStream _reader = null!;
    private long _lastSeq;
    private long _retainedAfter;
    private ReindexMark? _running;
    private string? _activeVersion;

    public FileGalleryStore(string directory)
    {
        _dir = Path.GetFullPath(directory);
        Directory.CreateDirectory(_dir);
        try
        {
            _lockFile = new FileStream(Path.Combine(_dir, "gallery.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"The gallery folder {_dir} is in use by another process (gallery.lock is held).", e);
        }
        Description = $"file log at {_dir}";
        LoadSnapshot();
        OpenLog();
    }

    public string Description { get; }

    public bool IsAvailable => true;

    /// <summary>Records dropped from the log's end when it was opened (a torn write of a crashed process).</summary>
    public long TruncatedTailBytes { get; private set; }

    private string LogPath => Path.Combine(_dir, "changes.log");

    private string SnapshotPath => Path.Combine(_dir, "gallery.snapshot");

    public async Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<ItemWrite> writes, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var records = new List<FileLogRecord>(writes.Count);
            var outcomes = new WriteOutcome[writes.Count];
            var created = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < writes.Count; i++)
            {
                var w = writes[i];
                var existing = _live.GetValueOrDefault(w.Id) ?? records.LastOrDefault(r => r.Id == w.Id);
                var record = new FileLogRecord(_lastSeq + 1 + i, ChangeKind.Upsert, now, existing?.CreatedMs ?? now, w.Id, w.Item, w.SourceImage ?? [], w.Next ?? []);
                records.Add(record);
                outcomes[i] = new WriteOutcome(new ChangeOffset((ulong)record.Sequence, 0), existing is null && created.Add(w.Id));
            }
            Append(records);
            return outcomes;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<DeleteOutcome> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            List<string> deleted = [], missing = [];
            var records = new List<FileLogRecord>();
            foreach (var id in ids)
            {
                if (!_live.ContainsKey(id) || deleted.Contains(id, StringComparer.Ordinal))
                {
                    missing.Add(id);
                    continue;
                }
                deleted.Add(id);
                records.Add(new FileLogRecord(_lastSeq + 1 + records.Count, ChangeKind.Delete, now, 0, id, [], [], []));
            }
            Append(records);
            var last = records.Count > 0 ? new ChangeOffset((ulong)records[^1].Sequence, 0) : ChangeOffset.Zero;
            return new DeleteOutcome(deleted, missing, last);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<ChangeBatch> ReadChangesAsync(ChangeOffset after, int max, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var through = new ChangeOffset((ulong)_lastSeq, 0);
            if (after == ChangeOffset.Zero) return new ChangeBatch(LiveChanges(through), through);
            var seq = (long)after.Major;
            if (seq < _retainedAfter) return ChangeBatch.MustRestart;
            var first = FirstRecordAfter(seq);
            var changes = new List<GalleryChange>();
            if (first < _records.Count)
            {
                _reader.Position = _records[first].Position;
                for (var i = first; i < _records.Count && changes.Count < max; i++)
                    changes.Add(ToChange(FileLogRecord.Read(_reader, out _) ?? throw new InvalidDataException($"{LogPath} changed under the reader.")));
            }
            return new ChangeBatch(changes, changes.Count > 0 ? changes[^1].Offset : ChangeOffset.Max(after, through));
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task WaitForChangesAsync(ChangeOffset after, TimeSpan timeout, CancellationToken cancellationToken) =>
        (long)after.Major < Volatile.Read(ref _lastSeq) ? Task.CompletedTask : _changed.WaitAsync(timeout, cancellationToken);

    public async Task<IReadOnlyList<ChangeOffset?>> StageAsync(IReadOnlyList<StagedWrite> writes, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var records = new List<FileLogRecord>();
            var outcomes = new ChangeOffset?[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                var w = writes[i];
                if (!_live.TryGetValue(w.Id, out var current) || current.Sequence != (long)w.BaseOffset.Major) continue;
                var record = new FileLogRecord(_lastSeq + 1 + records.Count, ChangeKind.Stage, now, current.CreatedMs, w.Id, [], [], w.Next);
                records.Add(record);
                outcomes[i] = Offset(record);
            }
            Append(records);
            return outcomes;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<ChangeOffset> AppendMarkAsync(ReindexMark mark, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var record = new FileLogRecord(_lastSeq + 1, ChangeKind.Mark, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0, mark.Encode(), [], [], []);
            Append([record]);
            return Offset(record);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<StoredSource?> ReadSourceAsync(string id, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return _live.TryGetValue(id, out var r) ? new StoredSource(Offset(r), r.Source.Length > 0 ? r.Source : null) : null;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task CompactAsync(string replicaId, ChangeOffset covered, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var keepFrom = FirstRecordAfter((long)covered.Major);
            if (keepFrom < CompactMinRecords) return;
            WriteSnapshot();
            RewriteLog((long)covered.Major, keepFrom);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _log?.Dispose();
        _reader?.Dispose();
        _lockFile.Dispose();
        _lock.Dispose();
    }

    private int FirstRecordAfter(long seq)
    {
        int lo = 0, hi = _records.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_records[mid].Seq <= seq) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private void Append(List<FileLogRecord> records)
    {
        if (records.Count == 0) return;
        var start = _log.Length;
        var positions = new List<(long, long)>(records.Count);
        try
        {
            _log.Position = start;
            foreach (var record in records)
            {
                positions.Add((record.Sequence, _log.Position));
                _log.Write(record.Encode());
            }
            _log.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            TryTruncate(start);
            throw new StoreUnavailableException($"the gallery log ({Description}) cannot be written: {e.GetType().Name}", e);
        }
        _records.AddRange(positions);
        foreach (var record in records)
            Apply(record);
        Volatile.Write(ref _lastSeq, records[^1].Sequence);
        _changed.Set();
    }

    private void TryTruncate(long length)
    {
        try
        {
            _log.SetLength(length);
        }
        catch (IOException)
        {
            // The next open truncates the torn tail anyway.
        }
    }

    private void Apply(FileLogRecord record)
    {
        switch (record.Kind)
        {
            case ChangeKind.Delete:
                _live.Remove(record.Id);
                break;
            case ChangeKind.Stage:
                // The item keeps the sequence of its last client write (the base of later stages); only its staged form changes.
                if (_live.TryGetValue(record.Id, out var current)) _live[record.Id] = current with { Next = record.Next };
                break;
            case ChangeKind.Mark:
                var mark = ReindexMark.Decode(record.Id);
                if (mark.Event == MarkEvent.Switch) _activeVersion = mark.Version;
                _running = mark.Event == MarkEvent.Begin ? mark : null;
                break;
            default:
                _live[record.Id] = record;
                break;
        }
    }

    private static ChangeOffset Offset(FileLogRecord record) => new((ulong)record.Sequence, 0);

    private static GalleryChange ToChange(FileLogRecord record)
    {
        var offset = Offset(record);
        return record.Kind switch
        {
            ChangeKind.Delete => GalleryChange.Delete(offset, record.Id),
            ChangeKind.Mark => new GalleryChange(offset, ChangeKind.Mark, "", null, Mark: ReindexMark.Decode(record.Id)),
            ChangeKind.Stage => new GalleryChange(offset, ChangeKind.Stage, record.Id, null, Stamp(record.Next, record, offset)),
            _ => GalleryChange.Upsert(offset, Stamp(record.Item, record, offset), record.Next.Length > 0 ? Stamp(record.Next, record, offset) : null),
        };
    }

    private static GalleryItem Stamp(byte[] bytes, FileLogRecord record, ChangeOffset offset)
    {
        var item = GalleryItem.Parser.ParseFrom(bytes);
        item.CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedMs));
        item.UpdateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(record.TimeMs));
        item.ChangeOffset = offset.ToString();
        return item;
    }

    /// <summary>
    /// The whole gallery as changes at <paramref name="through"/> (for a reader starting over): the active version and the
    /// running reindex as marks, then every live item in its active and staged forms.
    /// </summary>
    private List<GalleryChange> LiveChanges(ChangeOffset through)
    {
        var changes = new List<GalleryChange>(_live.Count + 2);
        if (_activeVersion is not null)
            changes.Add(new GalleryChange(through, ChangeKind.Mark, "", null, Mark: new ReindexMark(MarkEvent.Switch, "", _activeVersion, 0, 0, 0)));
        if (_running is not null) changes.Add(new GalleryChange(through, ChangeKind.Mark, "", null, Mark: _running));
        foreach (var record in _live.Values.OrderBy(r => r.Sequence))
        {
            var offset = Offset(record);
            var data = Stamp(record.Item, record, offset);
            var staged = record.Next.Length > 0 ? Stamp(record.Next, record, offset) : null;
            var (item, next) = GalleryItemBytes.Resolve(data, staged, _activeVersion, _running?.Version);
            changes.Add(GalleryChange.Upsert(through, item, next));
        }
        return changes;
    }

    private static void WriteLogHeader(Stream stream, long retainedAfter)
    {
        Span<byte> header = stackalloc byte[LogHeaderBytes];
        LogMagic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], retainedAfter);
        stream.Write(header);
    }
}
