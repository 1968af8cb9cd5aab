using System.Net;

namespace ExaHealth.Southbound;

/// <summary>
/// What the Northbound says of one vips entry: whether OVN health-checks it, and the logical port
/// ip_port_mappings names for each mapped backend address (only those get Service_Monitor rows
/// from ovn-northd, keyed by that port). Compared by reference for <see cref="Ports"/>: the
/// Northbound hands out one map per row version.
/// </summary>
internal sealed record HealthCheckConfig(bool Checked, IReadOnlyDictionary<IPAddress, string> Ports)
{
    public string? PortOf(ServiceEndpoint backend) =>
        Ports.Count > 0 && Ports.TryGetValue(backend.Address.ToAddress(), out var port) ? port : null;

    public BackendCheck For(ServiceEndpoint backend) => (Checked, PortOf(backend) is not null) switch
    {
        (true, true) => BackendCheck.Checked,
        (true, false) => BackendCheck.CheckedUnmapped,
        (false, true) => BackendCheck.UncheckedMapped,
        (false, false) => BackendCheck.Unchecked,
    };
}
