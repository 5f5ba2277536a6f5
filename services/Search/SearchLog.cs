namespace TwinGan.Search;

/// <summary>Log events of the Search service (event ids 6000-6099).</summary>
internal static partial class SearchLog
{
    [LoggerMessage(6001, LogLevel.Information, "Search replica caught up at change offset {Offset} with {Count} items; serving")]
    public static partial void CaughtUp(ILogger logger, string offset, int count);

    [LoggerMessage(6002, LogLevel.Warning, "Gallery storage lost; not serving until it returns: {Reason}")]
    public static partial void StoreLost(ILogger logger, string reason);

    [LoggerMessage(6003, LogLevel.Warning, "Change for item {Id} at {Offset} not indexed: the index holds dimension {Dimension}, model version '{Version}'")]
    public static partial void ChangeSkipped(ILogger logger, string id, string offset, int dimension, string version);

    [LoggerMessage(6004, LogLevel.Information, "Index snapshot {Path} written at change offset {Offset} with {Count} items")]
    public static partial void SnapshotWritten(ILogger logger, string path, string offset, int count);

    [LoggerMessage(6005, LogLevel.Error, "Index snapshot {Path} could not be written: {Reason}")]
    public static partial void SnapshotFailed(ILogger logger, string path, string reason);

    [LoggerMessage(6006, LogLevel.Information, "Index snapshot {Path} loaded at change offset {Offset} with {Count} items")]
    public static partial void SnapshotLoaded(ILogger logger, string path, string offset, int count);

    [LoggerMessage(6007, LogLevel.Warning, "Index snapshot {Path} is unusable ({Reason}); replaying the change log from the start")]
    public static partial void SnapshotUnusable(ILogger logger, string path, string reason);

    [LoggerMessage(6008, LogLevel.Warning, "Change log compacted past offset {Offset}; rebuilding the index from the live items")]
    public static partial void ReplayRestarted(ILogger logger, string offset);

    [LoggerMessage(6009, LogLevel.Warning, "Model registry unreachable while resolving the version of {Model} ({Error}); the first item will fix it")]
    public static partial void RegistryUnavailable(ILogger logger, string model, string error);

    [LoggerMessage(6010, LogLevel.Warning, "Gallery log {Path}: dropped a torn tail of {Bytes} bytes left by a crash")]
    public static partial void TornTail(ILogger logger, string path, long bytes);

    [LoggerMessage(6011, LogLevel.Error, "The change follower failed; retrying")]
    public static partial void FollowerFailed(ILogger logger, Exception exception);

    [LoggerMessage(6012, LogLevel.Error, "The reindex worker failed; retrying")]
    public static partial void ReindexWorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(6013, LogLevel.Information, "Reindex {Id} started by the registry: active model version {From}, registry's current {To}")]
    public static partial void ReindexTriggered(ILogger logger, string id, string from, string to);

    [LoggerMessage(6014, LogLevel.Information, "Reindex {Id} from {From} to {To}: this replica works on it (after item '{Cursor}')")]
    public static partial void ReindexWorking(ILogger logger, string id, string from, string to, string cursor);

    [LoggerMessage(6015, LogLevel.Information, "Reindex {Id}: switched to model version {Version} at change offset {Offset}")]
    public static partial void ReindexSwitched(ILogger logger, string id, string version, string offset);

    [LoggerMessage(6016, LogLevel.Warning, "Reindex {Id} failed: {Reason}")]
    public static partial void ReindexFailed(ILogger logger, string id, string reason);

    [LoggerMessage(6017, LogLevel.Information, "Reindex {Id} was cancelled; the staging index is dropped")]
    public static partial void ReindexCancelled(ILogger logger, string id);
}
