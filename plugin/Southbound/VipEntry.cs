using System.Collections.Immutable;

namespace ExaHealth.Southbound;

/// <summary>
/// One parsed member of Load_Balancer.vips: the VIP and its backends, and how OVN health-checks it
/// (from the Northbound; null when the Northbound is not watched or not usable and it must be inferred).
/// </summary>
internal sealed record VipEntry(ServiceEndpoint Vip, ImmutableArray<ServiceEndpoint> Backends, HealthCheckConfig? Check = null)
{
    public bool? HealthChecked => Check?.Checked;

    /// <summary>How a backend is checked, and the logical port ip_port_mappings names for it (null when not mapped or not known).</summary>
    public (BackendCheck Check, string? Port) CheckOf(ServiceEndpoint backend)
    {
        if (Check is not { } config)
        {
            return (BackendCheck.Unknown, null);
        }

        var port = config.PortOf(backend);
        return (config.For(port), port);
    }
}
