namespace ExaHealth.Policy;

/// <summary>What one observation of a VIP says, before debouncing.</summary>
internal enum Verdict
{
    Healthy,
    Unhealthy,

    /// <summary>Not ours to route (unmonitored with policy.unmonitored = ignore).</summary>
    Unmanaged,
}
