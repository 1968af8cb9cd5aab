namespace ExaHealth.Runtime;

/// <summary>
/// The time decisions are made in (SPEC section 1): the wall time at process start plus the
/// monotonic time elapsed since, so debounce, dampening and the database-loss grace never move with a
/// step of the wall clock (NTP). Wall time is for display only: <see cref="ToWall"/> converts.
/// </summary>
internal sealed class MonotonicClock
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly DateTimeOffset _wallAtOrigin;

    public MonotonicClock(TimeProvider time)
    {
        _time = time;
        _origin = time.GetTimestamp();
        _wallAtOrigin = time.GetUtcNow();
    }

    public DateTimeOffset Now => _wallAtOrigin + _time.GetElapsedTime(_origin);

    /// <summary>A moment of this clock as the wall clock shows it now, for the status.</summary>
    public DateTimeOffset ToWall(DateTimeOffset moment) => _time.GetUtcNow() - (Now - moment);
}
