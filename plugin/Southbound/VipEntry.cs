using System.Collections.Immutable;

namespace ExaHealth.Southbound;

/// <summary>
/// One parsed member of Load_Balancer.vips: the VIP and its backends, and whether OVN health-checks
/// it (from the Northbound; null when the Northbound is not watched and it must be inferred).
/// </summary>
internal sealed record VipEntry(ServiceEndpoint Vip, ImmutableArray<ServiceEndpoint> Backends, bool? HealthChecked = null);
