namespace TwinGan.Translator;

/// <summary>Log messages of the Translator; event ids 2100–2199.</summary>
internal static partial class TranslatorLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Translation cache unreachable ({Error}: {Message}); translating without it until it answers again")]
    public static partial void CacheUnreachable(ILogger logger, string error, string message);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Translation cache reachable again")]
    public static partial void CacheReachable(ILogger logger);
}
