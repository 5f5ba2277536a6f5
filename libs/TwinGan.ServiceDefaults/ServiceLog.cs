using Microsoft.Extensions.Logging;

namespace TwinGan.ServiceDefaults;

/// <summary>Log messages of the shared host plumbing; event ids 1000–1099.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "{Host} listening for gRPC on {Address}:{Port} ({Transport}); metrics on port {MetricsPort}")]
    public static partial void Listening(ILogger logger, string host, string address, int port, string transport, int metricsPort);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Storage provider {Provider}")]
    public static partial void StorageProvider(ILogger logger, Storage.StorageProvider provider);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Rejected call to {Method}: {Reason}")]
    public static partial void AuthRejected(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Authentication enabled: {Enabled}, {KeyCount} key(s)")]
    public static partial void AuthState(ILogger logger, bool enabled, int keyCount);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Health check {Check} is healthy")]
    public static partial void HealthRecovered(ILogger logger, string check);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Health check {Check} is {Status}: {Reason}")]
    public static partial void HealthDegraded(ILogger logger, string check, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus status, string reason);
}
