using ExaHealth.Health;
using ExaHealth.Southbound;

namespace ExaHealth.Policy;

/// <summary>The policy section (global or for one VIP through overrides), validated.</summary>
internal sealed record PolicySettings
{
    public WithdrawWhen WithdrawWhen { get; init; } = WithdrawWhen.AllOffline;

    public int MinOnline { get; init; } = 1;

    public UnmonitoredAction Unmonitored { get; init; } = UnmonitoredAction.Announce;

    public EmptyStatus EmptyStatus { get; init; } = EmptyStatus.Online;

    /// <summary>Time between two observations of a VIP still counting; null: "ovn", from the health check.</summary>
    public TimeSpan? Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive unhealthy observations before a withdraw; null: "ovn".</summary>
    public int? FailureCount { get; init; } = 1;

    /// <summary>Consecutive healthy observations before a re-announce; null: "ovn".</summary>
    public int? SuccessCount { get; init; } = 1;

    public DampeningSettings? Dampening { get; init; }

    /// <summary>Whether any value comes from Service_Monitor options, which must then be monitored.</summary>
    public bool UsesOvnTiming => Interval is null || FailureCount is null || SuccessCount is null;

    /// <summary>
    /// The debounce values for a VIP: configured ones as they are, "ovn" ones from its health check
    /// (the most conservative over its backends), or OVN's own defaults where it has none.
    /// </summary>
    public DebounceTiming TimingFor(OvnTiming ovn) => new(
        Interval ?? (ovn.IntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DebounceTiming.OvnDefaults.Interval),
        FailureCount ?? ovn.FailureCount ?? DebounceTiming.OvnDefaults.FailureCount,
        SuccessCount ?? ovn.SuccessCount ?? DebounceTiming.OvnDefaults.SuccessCount);
}
