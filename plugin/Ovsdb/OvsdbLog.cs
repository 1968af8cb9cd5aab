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

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "ovsdb resumed the monitor on {Remote} from the last transaction: {Rows} changed rows in {Milliseconds:0.0} ms")]
    public static partial void Resumed(ILogger logger, OvsdbRemote remote, RowCounts rows, double milliseconds);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "ovsdb server {Remote} not used: {Reason}; trying another")]
    public static partial void Unfit(ILogger logger, OvsdbRemote remote, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "ovsdb server {Remote} has no _Server database ({Error}); cluster checks skipped")]
    public static partial void NoServerDatabase(ILogger logger, OvsdbRemote remote, string error);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "ovsdb {Method} on {Remote} from transaction {Transaction}")]
    public static partial void Monitoring(ILogger logger, MonitorMethod method, OvsdbRemote remote, Guid? transaction);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "ovsdb connection to {Remote} failed again: {Reason}; reconnecting in {Seconds:0.00} s")]
    public static partial void ConnectionStillLost(ILogger logger, OvsdbRemote remote, string reason, double seconds);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "ovsdb server {Remote} does not know the monitor method; falling back to {Method}")]
    public static partial void MonitorFallback(ILogger logger, OvsdbRemote remote, MonitorMethod method);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "ovsdb server {Remote} belongs to another cluster ({Cluster}) than the one seen before (restored or rebuilt?); its log index and transactions are taken afresh")]
    public static partial void ClusterChanged(ILogger logger, OvsdbRemote remote, Guid cluster);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "every ovsdb remote answered with a log index behind the one seen before (cluster restored from a backup?); index forgotten, using {Remote} at index {Index}")]
    public static partial void StaleEverywhere(ILogger logger, OvsdbRemote remote, long index);
}
