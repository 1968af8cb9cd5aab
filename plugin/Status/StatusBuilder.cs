using System.Globalization;
using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Health;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Southbound;

namespace ExaHealth.Status;

/// <summary>
/// The per-VIP part of the status: for every VIP the Southbound, the policy or the route table
/// knows, one row saying what is decided and why, in address order. Pure.
/// </summary>
internal static class StatusBuilder
{
    public static List<VipStatus> Vips(
        SouthboundReplica replica,
        PolicyEngine policy,
        RouteTable routes,
        Settings settings,
        string? drained,
        StatusScratch? scratch = null)
    {
        scratch ??= new StatusScratch();
        scratch.Release();
        foreach (var address in Addresses(replica, policy, routes))
        {
            scratch.Add(address);
        }

        var rows = scratch.Rows;
        foreach (var address in scratch.InOrder())
        {
            rows.Add(Row(address, replica, policy, routes, settings, drained, scratch));
        }

        return rows;
    }

    /// <summary>The row of one address, or null when nothing knows it any more (not in the Southbound, the policy or the routes).</summary>
    public static VipStatus? RowOrNull(IPAddress address, SouthboundReplica replica, PolicyEngine policy, RouteTable routes, Settings settings, string? drained, StatusScratch scratch) =>
        replica.FindVip(address) is null && policy.Find(address) is null && routes.Find(HostPrefix.For(address)) is null
            ? null
            : Row(address, replica, policy, routes, settings, drained, scratch);

    /// <summary>Every address a status row is due for, each once.</summary>
    public static IEnumerable<IPAddress> Addresses(SouthboundReplica replica, PolicyEngine policy, RouteTable routes)
    {
        foreach (var address in replica.VipAddresses)
        {
            yield return address;
        }

        foreach (var address in policy.Addresses)
        {
            if (replica.FindVip(address) is null)
            {
                yield return address;
            }
        }

        foreach (var prefix in routes.Prefixes)
        {
            var address = prefix.BaseAddress;
            if (replica.FindVip(address) is null && policy.Find(address) is null)
            {
                yield return address;
            }
        }
    }

    private static VipStatus Row(IPAddress address, SouthboundReplica replica, PolicyEngine policy, RouteTable routes, Settings settings, string? drained, StatusScratch scratch)
    {
        var prefix = HostPrefix.For(address);
        var route = routes.Find(prefix);
        var state = policy.Find(address);
        var vip = replica.FindVip(address);
        var health = state?.Health ?? (vip is null ? null : HealthEvaluator.Evaluate(vip, replica, settings.PolicyFor(address).EmptyStatus));
        var policySettings = settings.PolicyFor(address);
        bool degraded = route is not null && RoutePlanner.IsDegraded(health, settings.RoutingFor(address).Degraded);

        (string name, string reason) = (route, state) switch
        {
            _ when !settings.Routes.IsAllowed(address) => ("ignored", "outside routes.allowedPrefixes"),
            (not null, _) when vip is null => ("announced", "no longer in the Southbound; withdraw pending"),
            (not null, _) => (degraded ? "degraded" : "announced", state?.Reason ?? "announced"),
            (null, null) when vip is not null => ("ignored", VerdictPolicy.Judge(health!, policySettings).Reason),
            (null, null) => ("withdrawn", "no longer in the Southbound"),
            (null, { Debounce.State: RouteState.Announced, Dampening.Suppressed: true }) =>
                ("suppressed", string.Create(CultureInfo.InvariantCulture, $"flapping, held by dampening (penalty {state.Dampening.Penalty:0})")),
            (null, { Effective: RouteState.Announced }) when drained is not null => ("drained", drained),
            (null, _) => ("withdrawn", state.Reason),
        };

        if (state is { Debounce.IsPending: true })
        {
            var timing = policySettings.TimingFor(state.Health.Timing);
            int needed = state.Debounce.State == RouteState.Announced ? timing.FailureCount : timing.SuccessCount;
            reason += string.Create(CultureInfo.InvariantCulture, $"; changing: {state.Debounce.Streak}/{needed} observations");
        }

        return new VipStatus(
            prefix.ToString(),
            name,
            scratch.Reason(reason),
            health?.Online ?? 0,
            health?.Total ?? 0,
            health?.Monitored ?? 0,
            degraded,
            Math.Round(state?.Dampening.Penalty ?? 0, 1),
            state?.Transitions ?? 0,
            state?.LastChange,
            route is null ? null : scratch.NextHop(route.Attributes.NextHop.Address));
    }

    /// <summary>Numeric order of addresses of one family.</summary>
}
