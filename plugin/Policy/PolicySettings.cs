namespace ExaHealth.Policy;

/// <summary>The policy section, validated.</summary>
internal sealed record PolicySettings
{
    public WithdrawWhen WithdrawWhen { get; init; } = WithdrawWhen.AllOffline;

    public int MinOnline { get; init; } = 1;

    public UnmonitoredAction Unmonitored { get; init; } = UnmonitoredAction.Announce;

    /// <summary>Time between two observations of a VIP whose verdict disagrees with its route.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive unhealthy observations before a withdraw.</summary>
    public int FailureCount { get; init; } = 1;

    /// <summary>Consecutive healthy observations before a re-announce.</summary>
    public int SuccessCount { get; init; } = 1;
}
