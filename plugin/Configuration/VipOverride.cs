using ExaHealth.Policy;
using ExaHealth.Routes;

namespace ExaHealth.Configuration;

/// <summary>One overrides entry resolved: the global settings with the entry's keys applied on top.</summary>
internal sealed record VipOverride(PolicySettings Policy, DegradedSettings? Degraded, RouteAttributes IPv4, RouteAttributes IPv6);
