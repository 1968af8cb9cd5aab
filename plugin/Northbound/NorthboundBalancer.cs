using System.Net;
using ExaHealth.Ovsdb;

namespace ExaHealth.Northbound;

/// <summary>
/// One NB Load_Balancer as far as health checks go: its health_check references (raw, for set
/// diffs), whether OVN can check it at all, and its ip_port_mappings (raw, for map diffs, and the
/// backend addresses they map: only those get Service_Monitor rows from ovn-northd).
/// </summary>
internal sealed record NorthboundBalancer(OvsdbValue HealthChecks, bool Sctp, bool Template, OvsdbValue Mappings, IReadOnlySet<IPAddress> Mapped)
{
    public static readonly IReadOnlySet<IPAddress> NoneMapped = new HashSet<IPAddress>();

    public bool Checkable => !Sctp && !Template;

    /// <summary>The mapped backend addresses of an ip_port_mappings value: keys "IP" or "[IPv6]"; others are not addresses OVN maps.</summary>
    public static IReadOnlySet<IPAddress> MappedOf(OvsdbValue mappings)
    {
        HashSet<IPAddress>? mapped = null;
        foreach (var (key, _) in mappings.PairsOrEmpty)
        {
            var text = key.AsString().AsSpan();
            if (text.Length > 2 && text[0] == '[' && text[^1] == ']')
            {
                text = text[1..^1];
            }

            if (IPAddress.TryParse(text, out var address))
            {
                (mapped ??= []).Add(address);
            }
        }

        return mapped ?? NoneMapped;
    }
}
