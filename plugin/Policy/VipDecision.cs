using System.Net;
using ExaHealth.Health;

namespace ExaHealth.Policy;

/// <summary>A change of a VIP's decided route state, with the observation that caused it.</summary>
internal sealed record VipDecision(IPAddress Address, RouteState Previous, RouteState Current, string Reason, VipHealth? Health);
