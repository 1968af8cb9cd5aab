namespace ExaHealth.Policy;

/// <summary>What dampening did in a decision.</summary>
internal enum DampeningChange
{
    None,
    Suppressed,
    Released,
}
