using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Southbound;

namespace ExaHealth.Runtime;

/// <summary>
/// Applies a new configuration (SIGHUP) as a difference, at once (SPEC section 1): VIPs whose
/// policy changed are observed again, and every route is brought to the new settings, so only
/// what changed produces a command; a prefix now outside routes.allowedPrefixes is withdrawn even
/// before anything was decided. The pipeline resubscribes when the databases must be monitored afresh
/// (remotes, columns or the load-balancer filter changed): the routes still allowed are then held
/// under the new attributes until the new snapshot, and the loss policy covers a remote that does
/// not answer.
/// </summary>
internal static class ReloadDiff
{
    /// <summary>
    /// The new settings in force: drains follow a changed routes.gracefulShutdown or loadBalancers, the
    /// policy engine the new per-VIP policy; true when the databases must be monitored afresh.
    /// </summary>
    public static bool Apply(VipReconciler vips, Settings previous, Settings next, DateTimeOffset now)
    {
        vips.Status.MarkAll();
        vips.Now = now;
        vips.Settings = next;
        if (!Equals(previous.Routes.GracefulShutdown, next.Routes.GracefulShutdown))
        {
            // Drains in progress end now: each route is decided again under the new setting.
            vips.Drain = next.Routes.GracefulShutdown is { } graceful ? new GracefulDrain(graceful) : null;
        }

        vips.Policy.Reconfigure(next.PolicyFor);
        ExcludeByFilter(vips.Drain, vips.Replica, vips.Routes, previous, next);
        return NeedsResubscribe(previous, next);
    }

    /// <summary>
    /// Every VIP brought to the new settings: those whose policy changed (or that are now outside
    /// routes.allowedPrefixes) are observed again, unless their rows are to come afresh.
    /// </summary>
    public static List<RouteChange> Redecide(VipReconciler vips, Settings previous, Settings next, bool synced, bool resubscribe, DateTimeOffset now)
    {
        vips.ForgetIgnored();
        var changes = new List<RouteChange>();
        foreach (var address in vips.KnownAddresses())
        {
            bool allowed = next.Routes.IsAllowed(address);
            if (!synced && allowed)
            {
                // Inherited routes wait for the first snapshot to be reconciled.
                continue;
            }

            bool observe = !allowed || !previous.PolicyFor(address).Equals(next.PolicyFor(address)) || vips.Policy.Find(address) is null;
            if (observe && !resubscribe && vips.Observe(address, now) is { } decision)
            {
                vips.Log.Write(decision);
            }
            else if (!allowed && vips.Policy.Forget(address, "outside routes.allowedPrefixes") is { } forgotten)
            {
                vips.Log.Write(forgotten);
            }

            vips.Reconcile(address, changes, force: false);
        }

        return changes;
    }

    /// <summary>Remotes, columns or the load-balancer filter changed: the databases must be monitored afresh.</summary>
    private static bool NeedsResubscribe(Settings previous, Settings next) =>
        !previous.Ovsdb.Remotes.SequenceEqual(next.Ovsdb.Remotes) || previous.UsesOvnTiming != next.UsesOvnTiming
        || previous.StaleChassis != next.StaleChassis
        || !Remotes(previous.Northbound).SequenceEqual(Remotes(next.Northbound))
        || !previous.LoadBalancerPatterns.SequenceEqual(next.LoadBalancerPatterns);

    /// <summary>
    /// A routes.loadBalancers that no longer selects any balancer of an announced VIP is a planned
    /// withdraw (SPEC section 2): with routes.gracefulShutdown it is drained from the route it has.
    /// </summary>
    private static void ExcludeByFilter(GracefulDrain? drain, SouthboundReplica replica, RouteTable routes, Settings previous, Settings next)
    {
        if (drain is null)
        {
            return;
        }

        var filter = next.LoadBalancerFilter;
        drain.Reselect(filter.Matches);
        if (previous.LoadBalancerPatterns.SequenceEqual(next.LoadBalancerPatterns))
        {
            return;
        }

        var balancers = new Dictionary<IPAddress, List<string>>();
        foreach (var (name, _, entry) in replica.SelectedEntries())
        {
            var address = entry.Vip.Address.ToAddress();
            (balancers.TryGetValue(address, out var names) ? names : balancers[address] = []).Add(name);
        }

        foreach (var (address, names) in balancers)
        {
            var prefix = HostPrefix.For(address);
            if (!names.Any(filter.Matches) && next.Routes.IsAllowed(address) && routes.Find(prefix) is { } route && drain.Excluded(prefix) is null)
            {
                drain.Exclude(route, [.. names]);
            }
        }
    }

    private static IEnumerable<OvsdbRemote> Remotes(OvsdbClientOptions? options) => options?.Remotes ?? [];
}
