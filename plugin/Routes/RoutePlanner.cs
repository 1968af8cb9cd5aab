using System.Collections.Immutable;
using System.Net;
using ExaHealth.Health;
using ExaHealth.Policy;

namespace ExaHealth.Routes;

/// <summary>
/// Decided state to desired route: nothing when not announced, outside the allow-list or under
/// maintenance; the degraded attributes while too few backends are online. Pure.
/// </summary>
internal static class RoutePlanner
{
    public static Route? Desired(IPAddress vip, RouteState state, VipHealth? health, VipRouting routing, bool maintenance)
    {
        if (state != RouteState.Announced || maintenance || !routing.Routes.IsAllowed(vip))
        {
            return null;
        }

        var attributes = routing.Attributes;
        if (IsDegraded(health, routing.Degraded))
        {
            attributes = Degrade(attributes, routing.Degraded!, routing.Routes.LocalAs);
        }

        return new Route(HostPrefix.For(vip), attributes);
    }

    public static bool IsDegraded(VipHealth? health, DegradedSettings? degraded) =>
        degraded is not null && health is { IsMonitored: true } && health.Online < degraded.BelowOnline;

    /// <summary>
    /// ExaBGP sends an explicit AS path as given (it adds its own AS only to an empty one), so the
    /// prepend starts from the path that would have gone out: the configured one, or our own AS.
    /// </summary>
    private static RouteAttributes Degrade(RouteAttributes normal, DegradedSettings degraded, uint? localAs)
    {
        var attributes = normal with
        {
            Med = degraded.Med ?? normal.Med,
            Communities = [.. normal.Communities.Concat(degraded.Communities).Distinct()],
        };
        if (degraded.AsPathPrepend > 0 && localAs is { } asn)
        {
            var path = normal.AsPath.IsEmpty ? [asn] : normal.AsPath;
            attributes = attributes with { AsPath = [.. Enumerable.Repeat(asn, degraded.AsPathPrepend), .. path] };
        }

        return attributes;
    }
}
