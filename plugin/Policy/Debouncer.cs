namespace ExaHealth.Policy;

/// <summary>
/// SPEC section 2 debounce: a verdict must hold for failureCount consecutive observations before a
/// withdraw and successCount before a re-announce. Below the count the previous state stays. The
/// first observation of a VIP decides at once: there is nothing to debounce against, and announcing
/// an unhealthy VIP while counting would be the black hole we exist to prevent. Pure.
/// </summary>
internal static class Debouncer
{
    public static DebounceState Observe(DebounceState state, bool healthy, DateTimeOffset now, DebounceTiming timing)
    {
        var target = healthy ? RouteState.Announced : RouteState.Withdrawn;
        if (state.State == RouteState.Unknown || state.State == target)
        {
            return new DebounceState(target, 0, now);
        }

        int streak = state.Streak + 1;
        int needed = healthy ? timing.SuccessCount : timing.FailureCount;
        return streak >= needed
            ? new DebounceState(target, 0, now)
            : new DebounceState(state.State, streak, now);
    }
}
