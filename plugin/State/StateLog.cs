using Microsoft.Extensions.Logging;

namespace ExaHealth.State;

/// <summary>The state file of announced routes (ids 7006, 7007, 7009: kept from when they were logged as process events).</summary>
internal static partial class StateLog
{
    [LoggerMessage(EventId = 7006, Level = LogLevel.Error, Message = "state file {File}: {Error}")]
    public static partial void StateFileError(ILogger logger, string file, string error);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "state file {File}: {Skipped} entries did not parse and were skipped")]
    public static partial void StateEntriesSkipped(ILogger logger, string file, int skipped);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "state file {File}: {Routes} routes announced by a previous incarnation")]
    public static partial void StateLoaded(ILogger logger, string file, int routes);
}
