using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Support;

/// <summary>
/// Fake time whose wall clock can be stepped (as NTP does) while the monotonic timestamp and the
/// timers go on undisturbed; <see cref="Advance"/> moves both.
/// </summary>
internal sealed class SteppedWallClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _inner = new(start);
    private TimeSpan _step;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public void Advance(TimeSpan delta) => _inner.Advance(delta);

    /// <summary>Moves the wall clock only, forward or back.</summary>
    public void StepWall(TimeSpan step) => _step += step;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow() + _step;

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);
}
