using ExaHealth.Policy;

namespace ExaHealth.Tests.Policy;

[TestClass]
internal sealed class DebouncerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DebounceTiming ThreeAndTwo = new(TimeSpan.FromSeconds(5), 3, 2);
    private static readonly DebounceTiming Immediate = new(TimeSpan.FromSeconds(5), 1, 1);

    [TestMethod]
    [DataRow(true, RouteState.Announced)]
    [DataRow(false, RouteState.Withdrawn)]
    public void Observe_FirstObservation_DecidesAtOnce(bool healthy, RouteState expected)
    {
        var state = Debouncer.Observe(DebounceState.Initial, healthy, T0, ThreeAndTwo);

        Assert.AreEqual(expected, state.State);
        Assert.IsFalse(state.IsPending);
    }

    [TestMethod]
    public void Observe_CountOne_ActsOnTheFirstDisagreement()
    {
        var announced = new DebounceState(RouteState.Announced, 0, T0);

        Assert.AreEqual(RouteState.Withdrawn, Debouncer.Observe(announced, false, T0, Immediate).State);
    }

    [TestMethod]
    public void Observe_FailureCountThree_WithdrawsOnTheThirdConsecutiveFailure()
    {
        var state = new DebounceState(RouteState.Announced, 0, T0);

        state = Debouncer.Observe(state, false, T0.AddSeconds(1), ThreeAndTwo);
        Assert.AreEqual((RouteState.Announced, 1), (state.State, state.Streak));
        state = Debouncer.Observe(state, false, T0.AddSeconds(2), ThreeAndTwo);
        Assert.AreEqual((RouteState.Announced, 2), (state.State, state.Streak));
        state = Debouncer.Observe(state, false, T0.AddSeconds(3), ThreeAndTwo);
        Assert.AreEqual((RouteState.Withdrawn, 0), (state.State, state.Streak));
        Assert.AreEqual(T0.AddSeconds(3), state.LastObserved);
    }

    [TestMethod]
    public void Observe_AgreeingObservationInBetween_ResetsTheStreak()
    {
        var state = new DebounceState(RouteState.Announced, 0, T0);

        state = Debouncer.Observe(state, false, T0, ThreeAndTwo);
        state = Debouncer.Observe(state, false, T0, ThreeAndTwo);
        state = Debouncer.Observe(state, true, T0, ThreeAndTwo);
        state = Debouncer.Observe(state, false, T0, ThreeAndTwo);
        state = Debouncer.Observe(state, false, T0, ThreeAndTwo);

        Assert.AreEqual((RouteState.Announced, 2), (state.State, state.Streak));
    }

    [TestMethod]
    public void Observe_SuccessCountTwo_ReannouncesOnTheSecondSuccess()
    {
        var state = new DebounceState(RouteState.Withdrawn, 0, T0);

        state = Debouncer.Observe(state, true, T0, ThreeAndTwo);
        Assert.AreEqual(RouteState.Withdrawn, state.State);
        state = Debouncer.Observe(state, true, T0, ThreeAndTwo);
        Assert.AreEqual(RouteState.Announced, state.State);
    }
}
