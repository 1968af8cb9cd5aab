using Microsoft.Extensions.Logging;

namespace ExaHealth.Status;

/// <summary>Status and metrics file events (ids 8000-8099).</summary>
internal static partial class StatusLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Error, Message = "cannot write {File}: {Error} (repeated at most once a minute)")]
    public static partial void WriteFailed(ILogger logger, string file, string error);
}
