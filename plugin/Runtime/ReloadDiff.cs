using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Southbound;

namespace ExaHealth.Runtime;

/// <summary>What a reload (SIGHUP) changes beyond each VIP's own settings. Pure.</summary>
internal static class ReloadDiff
{
    /// <summary>Remotes, columns or the load-balancer filter changed: the databases must be monitored afresh.</summary>
    public static bool NeedsResubscribe(Settings previous, Settings next) =>
        !previous.Ovsdb.Remotes.SequenceEqual(next.Ovsdb.Remotes) || previous.UsesOvnTiming != next.UsesOvnTiming
        || previous.StaleChassis != next.StaleChassis
        || !Remotes(previous.Northbound).SequenceEqual(Remotes(next.Northbound))
        || !previous.LoadBalancerPatterns.SequenceEqual(next.LoadBalancerPatterns);

    /// <summary>
    /// A routes.loadBalancers that no longer selects any balancer of an announced VIP is a planned
    /// withdraw (SPEC section 2): with routes.gracefulShutdown it is drained from the route it has.
    /// </summary>
    public static void ExcludeByFilter(GracefulDrain? drain, SouthboundReplica replica, RouteTable routes, Settings previous, Settings next)
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
