using Microsoft.Extensions.Logging;

namespace ExaHealth.Ovsdb;

/// <summary>OVSDB connection events (ids 1000-1099).</summary>
internal static partial class OvsdbLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "ovsdb connected to {Remote}")]
    public static partial void Connected(ILogger logger, OvsdbRemote remote);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "ovsdb snapshot complete from {Remote}: {Rows} rows in {Milliseconds:0.0} ms")]
    public static partial void SnapshotReceived(ILogger logger, OvsdbRemote remote, RowCounts rows, double milliseconds);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "ovsdb connection to {Remote} lost: {Reason}; reconnecting in {Seconds:0.00} s")]
    public static partial void ConnectionLost(ILogger logger, OvsdbRemote remote, string reason, double seconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "ovsdb ignored a request with method {Method}")]
    public static partial void IgnoredMethod(ILogger logger, Text.Untrusted method);
}
