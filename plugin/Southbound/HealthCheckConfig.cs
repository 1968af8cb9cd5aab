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

    /// <summary>How a backend whose mapped logical port is <paramref name="port"/> (null: not mapped) is checked.</summary>
    public BackendCheck For(string? port) => (Checked, port is not null) switch
    {
        (true, true) => BackendCheck.Checked,
        (true, false) => BackendCheck.CheckedUnmapped,
        (false, true) => BackendCheck.UncheckedMapped,
        (false, false) => BackendCheck.Unchecked,
    };
}
