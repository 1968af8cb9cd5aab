namespace ExaHealth.Southbound;

/// <summary>
/// The health-check settings OVN copied into a VIP's Service_Monitor options, taken over all its
/// backends as the most conservative (largest) value; null where no row had the option.
/// </summary>
internal readonly record struct OvnTiming(int? IntervalSeconds, int? FailureCount, int? SuccessCount)
{
    public static OvnTiming Max(OvnTiming a, OvnTiming b) =>
        new(Max(a.IntervalSeconds, b.IntervalSeconds), Max(a.FailureCount, b.FailureCount), Max(a.SuccessCount, b.SuccessCount));

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
