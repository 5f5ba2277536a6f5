using Microsoft.Extensions.Logging;

namespace TwinGan.Serving;

/// <summary>Log messages of model serving; event ids 2000–2099.</summary>
internal static partial class ServingLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Loading model {Model} version {Version}")]
    public static partial void Loading(ILogger logger, string model, string version);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Serving model {Model} version {Version}")]
    public static partial void Serving(ILogger logger, string model, string version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Loading model {Model} version {Version} failed; the previous version keeps serving")]
    public static partial void LoadFailed(ILogger logger, string model, string version, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Model registry unavailable ({Error}: {Message}); retrying")]
    public static partial void RegistryUnavailable(ILogger logger, string error, string message);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Face detector unavailable ({Reason}); face_crop requests fall back to the centre crop (reported as CENTER_FALLBACK)")]
    public static partial void FaceDetectorUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Model {Model} version {Version} batches up to {BatchSize} (measured: {Costs})")]
    public static partial void BatchCalibrated(ILogger logger, string model, string version, int batchSize, IReadOnlyList<BatchCost> costs);
}
