using System.Collections.Immutable;

namespace ExaHealth.Southbound;

/// <summary>One parsed member of Load_Balancer.vips: the VIP and its backends.</summary>
internal sealed record VipEntry(ServiceEndpoint Vip, ImmutableArray<ServiceEndpoint> Backends);
