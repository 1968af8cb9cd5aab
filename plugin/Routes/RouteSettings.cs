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

    /// <summary>routes.localAs: the AS ExaBGP speaks as, repeated to lengthen the AS path of a degraded VIP.</summary>
    public uint? LocalAs { get; init; }

    public bool WithdrawOnExit { get; init; }

    /// <summary>routes.gracefulShutdown; null: planned withdraws are immediate.</summary>
    public GracefulShutdownSettings? GracefulShutdown { get; init; }

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

    public bool Equals(RouteSettings? other) =>
        other is not null && AllowedPrefixes.SequenceEqual(other.AllowedPrefixes) && IPv4.Equals(other.IPv4)
        && IPv6.Equals(other.IPv6) && LocalAs == other.LocalAs && WithdrawOnExit == other.WithdrawOnExit
        && Equals(GracefulShutdown, other.GracefulShutdown);

    public override int GetHashCode() => HashCode.Combine(AllowedPrefixes.Length, IPv4, IPv6, LocalAs, WithdrawOnExit);
}
