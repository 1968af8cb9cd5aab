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
    VerdictReason Why,
    DateTimeOffset LastChange,
    int Transitions = 0)
{
    public string Reason => Why.ToString();

    /// <summary>The state routes follow: announced only when the debounced verdict is and dampening does not hold it.</summary>
    public RouteState Effective => Debounce.State == RouteState.Announced && Dampening.Suppressed
        ? RouteState.Withdrawn
        : Debounce.State;
}
