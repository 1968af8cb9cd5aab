using System.Net;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>VIP decisions and process lifecycle (ids 3000-3099 decisions, 7000-7099 process).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "vip {Vip} announced: {Reason}")]
    public static partial void VipAnnounced(ILogger logger, IPNetwork vip, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "vip {Vip} withdrawn: {Reason}")]
    public static partial void VipWithdrawn(ILogger logger, IPNetwork vip, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "vip {Vip} announced at start: {Reason}")]
    public static partial void VipFirstAnnounced(ILogger logger, IPNetwork vip, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "vip {Vip} ignored: outside routes.allowedPrefixes")]
    public static partial void VipIgnored(ILogger logger, IPNetwork vip);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "snapshot decided ({Why}): {LoadBalancers} load balancers, {Monitors} service monitors, {Vips} VIPs, {Announced} announced, {Changes} route changes")]
    public static partial void SnapshotDecided(ILogger logger, int loadBalancers, int monitors, int vips, int announced, int changes, string why);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "vip {Vip} withdrawn: {Reason}")]
    public static partial void VipSuppressed(ILogger logger, IPNetwork vip, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "vip {Vip} announced: {Reason}")]
    public static partial void VipReleased(ILogger logger, IPNetwork vip, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "vip {Vip} degraded: {Online}/{Total} backends online (below {BelowOnline}), announced with the degraded attributes")]
    public static partial void VipDegraded(ILogger logger, IPNetwork vip, int online, int total, int belowOnline);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "vip {Vip} no longer degraded: {Online}/{Total} backends online, announced with the normal attributes")]
    public static partial void VipRecovered(ILogger logger, IPNetwork vip, int online, int total);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "restart reconciliation: {Inherited} routes announced by a previous incarnation, {Withdrawn} withdrawn")]
    public static partial void Reconciled(ILogger logger, int inherited, int withdrawn);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "maintenance: {File} exists, every route is withdrawn")]
    public static partial void MaintenanceOn(ILogger logger, string file);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "maintenance: {File} removed, routes follow health again")]
    public static partial void MaintenanceOff(ILogger logger, string file);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "southbound unreachable for {Seconds:0} s: {What}")]
    public static partial void DatabaseStillLost(ILogger logger, double seconds, string what);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "southbound unreachable for {Seconds:0} s: withdrawing every route (onDatabaseLoss: withdraw)")]
    public static partial void DatabaseLossWithdraw(ILogger logger, double seconds);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "southbound back after {Seconds:0.0} s: deciding every VIP again")]
    public static partial void DatabaseBack(ILogger logger, double seconds);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "northbound {Why}: deciding from the southbound alone, as without ovsdb.northbound")]
    public static partial void NorthboundIgnored(ILogger logger, string why);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information, Message = "northbound synced ({How}, {Balancers} load balancers): its health-check configuration refines decisions again")]
    public static partial void NorthboundRefining(ILogger logger, int balancers, string how);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Warning, Message = "northbound load balancer {Name} ({Uuid}) has no southbound row: its VIPs are never announced (attached to no logical switch, or only to logical routers, which OVN before 24.03 does not write to the southbound)")]
    public static partial void NorthboundWithoutSouthbound(ILogger logger, Text.Untrusted name, Guid uuid);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Warning, Message = "graceful shutdown: {Routes} routes announced with the GRACEFUL_SHUTDOWN community, withdrawn in {Seconds} s unless the reason goes first")]
    public static partial void DrainStarted(ILogger logger, int routes, double seconds);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Warning, Message = "exiting: {Routes} routes announced with the GRACEFUL_SHUTDOWN community, withdrawn in {Seconds} s (bounded by ExaBGP's patience)")]
    public static partial void ExitDrain(ILogger logger, int routes, double seconds);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "{Changes} VIP state changes decided ({Withdrawn} withdrawn); their lines follow once ExaBGP has the commands")]
    public static partial void DecisionsHeld(ILogger logger, int changes, int withdrawn);

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "exahealth {Version} started (pid {Pid}), southbound {Remotes}")]
    public static partial void Started(ILogger logger, string version, int pid, Ovsdb.RemoteList remotes);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "exahealth stopping: {Reason}")]
    public static partial void Stopping(ILogger logger, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "configuration key {Key} is accepted but not acted on by this version")]
    public static partial void NotImplemented(ILogger logger, string key);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "SIGHUP: the new configuration is invalid, the running one is kept and routes are untouched: {Error}")]
    public static partial void ReloadRefused(ILogger logger, string error);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Critical, Message = "internal error in {Component}")]
    public static partial void InternalError(ILogger logger, string component, Exception error);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "SIGHUP: configuration reloaded from {File}: {Changes} route changes{Resubscribe}")]
    public static partial void Reloaded(ILogger logger, string file, int changes, string resubscribe);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "vip {Prefix} not announced: exabgp refused the announce; sent again on the next decision or neighbor up")]
    public static partial void AnnounceRefused(ILogger logger, IPNetwork prefix);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "vip {Prefix}: exabgp refused the withdraw; the route counts as withdrawn")]
    public static partial void WithdrawRefused(ILogger logger, IPNetwork prefix);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "memory compacted in {Milliseconds:0.0} ms: heap {HeapMiB:0.0} MiB, committed {CommittedMiB:0.0} MiB, fragmented {FragmentedMiB:0.0} MiB")]
    public static partial void Compacted(ILogger logger, double milliseconds, double heapMiB, double committedMiB, double fragmentedMiB);
}
