using System.Net;
using ExaHealth.Ovsdb;

namespace ExaHealth.Northbound;

/// <summary>
/// One NB Load_Balancer as far as health checks go: its health_check references (raw, for set
/// diffs), whether OVN can check it at all, and its ip_port_mappings (raw, for map diffs, and the
/// logical port each mapped backend address is checked through: only those get Service_Monitor rows).
/// </summary>
internal sealed record NorthboundBalancer(OvsdbValue HealthChecks, bool Sctp, bool Template, OvsdbValue Mappings, IReadOnlyDictionary<IPAddress, string> Ports, string Name = "")
{
    public static readonly IReadOnlyDictionary<IPAddress, string> NoPorts = new Dictionary<IPAddress, string>();

    public bool Checkable => !Sctp && !Template;

    /// <summary>
    /// The ports of an ip_port_mappings value: key "IP" or "[IPv6]", value "PORT:SOURCE_IP" (the port
    /// is before the first colon); pairs that are not an address and a port name are not mappings OVN uses.
    /// </summary>
    public static IReadOnlyDictionary<IPAddress, string> PortsOf(OvsdbValue mappings)
    {
        Dictionary<IPAddress, string>? ports = null;
        foreach (var (key, value) in mappings.PairsOrEmpty)
        {
            var text = (key.AsString() ?? string.Empty).AsSpan();
            if (text.Length > 2 && text[0] == '[' && text[^1] == ']')
            {
                text = text[1..^1];
            }

            string target = value.AsString() ?? string.Empty;
            int colon = target.IndexOf(':', StringComparison.Ordinal);
            if (IPAddress.TryParse(text, out var address) && colon > 0)
            {
                (ports ??= [])[address] = target[..colon];
            }
        }

        return ports ?? NoPorts;
    }
}
