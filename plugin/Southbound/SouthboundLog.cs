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
}
