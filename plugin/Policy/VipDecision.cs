using System.Net;
using ExaHealth.Health;

namespace ExaHealth.Policy;

/// <summary>
/// A change of a VIP's decided route state, with the observation that caused it. When dampening
/// holds the VIP back (or lets it go) <see cref="Dampening"/> says so, with the penalty.
/// </summary>
internal sealed record VipDecision(
    IPAddress Address,
    RouteState Previous,
    RouteState Current,
    string Reason,
    VipHealth? Health,
    DampeningChange Dampening = DampeningChange.None,
    double Penalty = 0);
