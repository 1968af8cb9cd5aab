using System.Collections.Immutable;

namespace ExaHealth.Southbound;

/// <summary>
/// One parsed member of Load_Balancer.vips: the VIP and its backends, and how OVN health-checks it
/// (from the Northbound; null when the Northbound is not watched or not usable and it must be inferred).
/// </summary>
internal sealed record VipEntry(ServiceEndpoint Vip, ImmutableArray<ServiceEndpoint> Backends, HealthCheckConfig? Check = null)
{
    public bool? HealthChecked => Check?.Checked;

    public BackendCheck CheckOf(ServiceEndpoint backend) => Check?.For(backend) ?? BackendCheck.Unknown;

    /// <summary>The logical port ip_port_mappings names for a backend; null when not mapped or not known.</summary>
    public string? PortOf(ServiceEndpoint backend) => Check?.PortOf(backend);
}
