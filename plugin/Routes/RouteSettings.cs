using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace ExaHealth.Routes;

/// <summary>The routes section, validated.</summary>
internal sealed record RouteSettings
{
    /// <summary>routes.allowedPrefixes: nothing outside these is ever announced.</summary>
    public required ImmutableArray<IPNetwork> AllowedPrefixes { get; init; }

    /// <summary>Attributes of IPv4 routes (next-hop from routes.nextHop).</summary>
    public required RouteAttributes IPv4 { get; init; }

    /// <summary>Attributes of IPv6 routes (next-hop from routes.nextHopV6).</summary>
    public required RouteAttributes IPv6 { get; init; }

    public bool WithdrawOnExit { get; init; }

    public bool IsAllowed(IPAddress address)
    {
        foreach (var prefix in AllowedPrefixes)
        {
            if (prefix.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public RouteAttributes AttributesFor(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? IPv4 : IPv6;
}
