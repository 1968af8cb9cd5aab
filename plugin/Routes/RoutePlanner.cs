using System.Net;
using ExaHealth.Policy;

namespace ExaHealth.Routes;

/// <summary>Decided state to desired route, with the allow-list as the last word. Pure.</summary>
internal static class RoutePlanner
{
    public static Route? Desired(IPAddress vip, RouteState state, RouteSettings settings)
    {
        if (state != RouteState.Announced || !settings.IsAllowed(vip))
        {
            return null;
        }

        return new Route(HostPrefix.For(vip), settings.AttributesFor(vip));
    }
}
