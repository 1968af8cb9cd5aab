using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>VIP decisions and process lifecycle (ids 3000-3099 decisions, 7000-7099 process).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "vip {Vip} announced: {Reason}")]
    public static partial void VipAnnounced(ILogger logger, string vip, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "vip {Vip} withdrawn: {Reason}")]
    public static partial void VipWithdrawn(ILogger logger, string vip, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "vip {Vip} announced at start: {Reason}")]
    public static partial void VipFirstAnnounced(ILogger logger, string vip, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "vip {Vip} ignored: outside routes.allowedPrefixes")]
    public static partial void VipIgnored(ILogger logger, string vip);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "snapshot decided ({Why}): {LoadBalancers} load balancers, {Monitors} service monitors, {Vips} VIPs, {Announced} announced, {Changes} route changes")]
    public static partial void SnapshotDecided(ILogger logger, int loadBalancers, int monitors, int vips, int announced, int changes, string why);

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "exahealth {Version} started (pid {Pid}), southbound {Remotes}")]
    public static partial void Started(ILogger logger, string version, int pid, IReadOnlyList<Ovsdb.OvsdbRemote> remotes);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "exahealth stopping: {Reason}")]
    public static partial void Stopping(ILogger logger, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "configuration key {Key} is accepted but not acted on by this version")]
    public static partial void NotImplemented(ILogger logger, string key);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "SIGHUP received: configuration reload is not supported by this version; the running configuration is kept")]
    public static partial void ReloadNotSupported(ILogger logger);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Critical, Message = "internal error in {Component}")]
    public static partial void InternalError(ILogger logger, string component, Exception error);
}
