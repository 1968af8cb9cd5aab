using System.Net;
using System.Text.Json;
using ExaHealth.Routes;

namespace ExaHealth.State;

/// <summary>
/// An announced route and its form on disk (<see cref="PersistedRoute"/>), both ways. Reading is
/// database-independent but still parsed: a state file is only trusted as far as it parses.
/// </summary>
internal static class PersistedForm
{
    public static PersistedChange Added(Route route) => new(Added: ToPersisted(route));

    public static PersistedRoute ToPersisted(Route route) => new(
        route.Prefix.ToString(),
        route.Attributes.NextHop.Address?.ToString() ?? "self",
        [.. route.Attributes.Neighbors.Select(n => n.ToString())]);

    /// <summary>One snapshot entry; null when it is not an object of the expected shape.</summary>
    public static PersistedRoute? ReadEntry(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return element.Deserialize(StateJsonContext.Default.PersistedRoute);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The route an entry stands for; false unless it is a host route with a usable next-hop and neighbors.</summary>
    public static bool TryParse(PersistedRoute entry, out Route route)
    {
        route = null!;
        if (entry.Prefix is null || !IPNetwork.TryParse(entry.Prefix, out var prefix)
            || prefix.PrefixLength != (prefix.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            return false;
        }

        NextHop nextHop;
        if (entry.NextHop == "self")
        {
            nextHop = NextHop.Self;
        }
        else if (entry.NextHop is not null && IPAddress.TryParse(entry.NextHop, out var address) && !entry.NextHop.Contains('%', StringComparison.Ordinal))
        {
            nextHop = new NextHop(address);
        }
        else
        {
            return false;
        }

        var neighbors = new List<IPAddress>();
        foreach (var text in entry.Neighbors ?? [])
        {
            if (!IPAddress.TryParse(text, out var neighbor) || text.Contains('%', StringComparison.Ordinal))
            {
                return false;
            }

            neighbors.Add(neighbor);
        }

        route = new Route(prefix, new RouteAttributes { NextHop = nextHop, Neighbors = [.. neighbors] });
        return true;
    }
}
