using ExaHealth.Health;

namespace ExaHealth.Policy;

/// <summary>
/// Everything the policy remembers about one VIP. <see cref="Transitions"/> counts changes between
/// announced and withdrawn (the flap count operators see).
/// </summary>
internal sealed record VipPolicyState(
    DebounceState Debounce,
    DampeningState Dampening,
    VipHealth Health,
    string Reason,
    DateTimeOffset LastChange,
    int Transitions = 0)
{
    /// <summary>The state routes follow: announced only when the debounced verdict is and dampening does not hold it.</summary>
    public RouteState Effective => Debounce.State == RouteState.Announced && Dampening.Suppressed
        ? RouteState.Withdrawn
        : Debounce.State;
}
