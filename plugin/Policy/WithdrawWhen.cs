namespace ExaHealth.Policy;

/// <summary>policy.withdrawWhen.</summary>
internal enum WithdrawWhen
{
    /// <summary><c>all-offline</c>: withdraw when no backend is online (what Incus does).</summary>
    AllOffline,

    /// <summary><c>any-offline</c>: withdraw as soon as one backend is offline.</summary>
    AnyOffline,

    /// <summary><c>below-min</c>: withdraw when fewer than policy.minOnline backends are online.</summary>
    BelowMin,
}
