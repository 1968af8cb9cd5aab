using ExaHealth.Policy;

namespace ExaHealth.Tests.Policy;

[TestClass]
internal sealed class DampenerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DampeningSettings Settings = new()
    {
        Penalty = 1000, HalfLife = TimeSpan.FromSeconds(60), SuppressAbove = 2500, ReuseBelow = 1000, MaxSuppress = TimeSpan.FromSeconds(600),
    };

    [TestMethod]
    public void PenaltyAt_HalvesEveryHalfLife()
    {
        var state = new DampeningState(2000, T0, false, default, 2);

        Assert.AreEqual(1000, Dampener.PenaltyAt(state, T0.AddSeconds(60), Settings), 1e-9);
        Assert.AreEqual(500, Dampener.PenaltyAt(state, T0.AddSeconds(120), Settings), 1e-9);
    }

    [TestMethod]
    public void Flap_ThirdQuickFlap_Suppresses()
    {
        var state = Dampener.Flap(DampeningState.None, T0, Settings);
        state = Dampener.Flap(state, T0.AddSeconds(1), Settings);
        Assert.IsFalse(state.Suppressed, "about 1990: below 2500");

        state = Dampener.Flap(state, T0.AddSeconds(2), Settings);

        Assert.IsTrue(state.Suppressed);
        Assert.AreEqual(T0.AddSeconds(2), state.SuppressedSince);
        Assert.AreEqual(3, state.Flaps);
    }

    [TestMethod]
    public void Release_WhenPenaltyDecaysBelowReuse()
    {
        var state = new DampeningState(3000, T0, true, T0, 3);
        var releaseAt = Dampener.ReleaseAt(state, Settings)!.Value;

        Assert.AreEqual(T0 + (TimeSpan.FromSeconds(60) * Math.Log2(3)), releaseAt);
        Assert.IsTrue(Dampener.Release(state, releaseAt.AddSeconds(-1), Settings).Suppressed);
        Assert.IsFalse(Dampener.Release(state, releaseAt.AddMilliseconds(1), Settings).Suppressed);
    }

    [TestMethod]
    public void Release_NeverLaterThanMaxSuppress()
    {
        var state = new DampeningState(1_000_000_000, T0, true, T0, 50);

        Assert.AreEqual(T0.AddSeconds(600), Dampener.ReleaseAt(state, Settings));
        Assert.IsFalse(Dampener.Release(state, T0.AddSeconds(600), Settings).Suppressed);
    }

    [TestMethod]
    public void ReleaseAt_NotSuppressed_IsNull()
    {
        Assert.IsNull(Dampener.ReleaseAt(new DampeningState(5000, T0, false, default, 1), Settings));
    }
}
