using Microsoft.Extensions.Logging;

namespace ExaHealth.Southbound;

/// <summary>Southbound content problems (ids 2000-2099). Content is passed through Printable first.</summary>
internal static partial class SouthboundLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "southbound {Table} row {Uuid} ignored: {Problem}")]
    public static partial void RowSkipped(ILogger logger, string table, Guid uuid, string problem);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "southbound load balancer {LoadBalancer}: VIP \"{Vip}\" skipped: {Problem}")]
    public static partial void VipSkipped(ILogger logger, Text.Untrusted loadBalancer, Text.Untrusted vip, string problem);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "southbound Service_Monitor row {Uuid} has unknown status \"{Status}\"; counted offline")]
    public static partial void UnknownStatus(ILogger logger, Guid uuid, string status);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "chassis {Chassis} stale ({Why}): the {Rows} Service_Monitor rows on its ports count offline (policy.staleChassis)")]
    public static partial void ChassisStale(ILogger logger, Text.Untrusted chassis, string why, int rows);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "chassis {Chassis} answers again: the {Rows} Service_Monitor rows on its ports count as they say")]
    public static partial void ChassisAnswers(ILogger logger, Text.Untrusted chassis, int rows);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "logical port {Port} bound to no chassis: its {Rows} Service_Monitor rows count offline (policy.staleChassis)")]
    public static partial void PortUnbound(ILogger logger, Text.Untrusted port, int rows);
}
