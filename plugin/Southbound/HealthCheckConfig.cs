using System.Net;

namespace ExaHealth.Southbound;

/// <summary>
/// What the Northbound says of one vips entry: whether OVN health-checks it, and which backend
/// addresses have an ip_port_mappings entry (only those get Service_Monitor rows from ovn-northd).
/// Compared by reference for <see cref="Mapped"/>: the Northbound hands out one set per row version.
/// </summary>
internal sealed record HealthCheckConfig(bool Checked, IReadOnlySet<IPAddress> Mapped)
{
    public BackendCheck For(ServiceEndpoint backend)
    {
        bool mapped = Mapped.Count > 0 && Mapped.Contains(backend.Address.ToAddress());
        return (Checked, mapped) switch
        {
            (true, true) => BackendCheck.Checked,
            (true, false) => BackendCheck.CheckedUnmapped,
            (false, true) => BackendCheck.UncheckedMapped,
            (false, false) => BackendCheck.Unchecked,
        };
    }
}
