using System.Buffers.Binary;

namespace TwinGan.Search.Storage;

/// <summary>Opening, snapshotting and compacting the file provider's files.</summary>
internal sealed partial class FileGalleryStore
{
    private void LoadSnapshot()
    {
        if (!File.Exists(SnapshotPath)) return;
        using var file = new FileStream(SnapshotPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> header = stackalloc byte[24];
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[..8].SequenceEqual(SnapshotMagic))
            throw new InvalidDataException($"{SnapshotPath} is not a gallery snapshot.");
        var seq = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        var count = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        for (long i = 0; i < count; i++)
        {
            var record = FileLogRecord.Read(file, out _)
                ?? throw new InvalidDataException($"{SnapshotPath} is damaged at item {i} of {count}.");
            Apply(record);
        }
        _lastSeq = seq;
    }

    private void OpenLog()
    {
        if (!File.Exists(LogPath))
        {
            var temp = LogPath + ".tmp";
            using (var fresh = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                WriteLogHeader(fresh, _lastSeq);
                fresh.Flush(flushToDisk: true);
            }
            File.Move(temp, LogPath, overwrite: true);
        }
        _log = new FileStream(LogPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1 << 16);
        Span<byte> header = stackalloc byte[LogHeaderBytes];
        if (_log.ReadAtLeast(header, LogHeaderBytes, throwOnEndOfStream: false) < LogHeaderBytes || !header[..8].SequenceEqual(LogMagic))
            throw new InvalidDataException($"{LogPath} is not a gallery change log.");
        _retainedAfter = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        var snapshotSeq = _lastSeq;
        var previous = _retainedAfter;
        while (true)
        {
            var position = _log.Position;
            var record = FileLogRecord.Read(_log, out var torn);
            if (record is null || record.Sequence <= previous)
            {
                if (torn || record is not null)
                {
                    TruncatedTailBytes = _log.Length - position;
                    _log.SetLength(position);
                    _log.Flush(flushToDisk: true);
                }
                break;
            }
            previous = record.Sequence;
            _records.Add((record.Sequence, position));
            if (record.Sequence > snapshotSeq) Apply(record);
        }
        _lastSeq = Math.Max(snapshotSeq, previous);
        _reader = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
    }

    private void WriteSnapshot()
    {
        var temp = SnapshotPath + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Span<byte> header = stackalloc byte[24];
            SnapshotMagic.CopyTo(header);
            BinaryPrimitives.WriteInt64LittleEndian(header[8..], _lastSeq);
            var marks = new List<FileLogRecord>();
            if (_activeVersion is not null)
                marks.Add(new FileLogRecord(0, ChangeKind.Mark, 0, 0, new ReindexMark(MarkEvent.Switch, "", _activeVersion, 0, 0, 0).Encode(), [], [], []));
            if (_running is not null) marks.Add(new FileLogRecord(0, ChangeKind.Mark, 0, 0, _running.Encode(), [], [], []));
            BinaryPrimitives.WriteInt64LittleEndian(header[16..], marks.Count + _live.Count);
            file.Write(header);
            foreach (var record in marks.Concat(_live.Values))
                file.Write(record.Encode());
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, SnapshotPath, overwrite: true);
    }

    /// <summary>Replaces the log by one that keeps only records after <paramref name="retainedAfter"/>.</summary>
    private void RewriteLog(long retainedAfter, int keepFrom)
    {
        var temp = LogPath + ".tmp";
        var kept = new List<(long Seq, long Position)>(_records.Count - keepFrom);
        using (var fresh = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            WriteLogHeader(fresh, retainedAfter);
            if (keepFrom < _records.Count)
            {
                var shift = _records[keepFrom].Position - LogHeaderBytes;
                for (var i = keepFrom; i < _records.Count; i++)
                    kept.Add((_records[i].Seq, _records[i].Position - shift));
                _reader.Position = _records[keepFrom].Position;
                _reader.CopyTo(fresh);
            }
            fresh.Flush(flushToDisk: true);
        }
        _log.Dispose();
        _reader.Dispose();
        File.Move(temp, LogPath, overwrite: true);
        _log = new FileStream(LogPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1 << 16);
        _reader = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        _records.Clear();
        _records.AddRange(kept);
        _retainedAfter = retainedAfter;
    }
}
