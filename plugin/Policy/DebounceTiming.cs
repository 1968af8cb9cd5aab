namespace ExaHealth.Policy;

/// <summary>The debounce values in force for one VIP: configured, or taken from OVN's health check.</summary>
internal readonly record struct DebounceTiming(TimeSpan Interval, int FailureCount, int SuccessCount)
{
    /// <summary>ovn-northd's own defaults for a Load_Balancer_Health_Check without options.</summary>
    public static DebounceTiming OvnDefaults => new(TimeSpan.FromSeconds(5), 3, 3);
}
