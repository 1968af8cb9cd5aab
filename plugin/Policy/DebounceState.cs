namespace ExaHealth.Policy;

/// <summary>
/// Per-VIP debounce memory: the decided state, how many consecutive observations disagreed with
/// it, and when the VIP was last observed.
/// </summary>
internal readonly record struct DebounceState(RouteState State, int Streak, DateTimeOffset LastObserved)
{
    public static DebounceState Initial => new(RouteState.Unknown, 0, DateTimeOffset.MinValue);

    /// <summary>True while observations disagree with the state but have not yet reached their count.</summary>
    public bool IsPending => Streak > 0;
}
