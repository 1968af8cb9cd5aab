using ExaHealth.Southbound;

namespace ExaHealth.Tests.Southbound;

/// <summary>policy.staleChassis' two signs: a chassis gone, or an nb_cfg bump left unanswered past the patience.</summary>
[TestClass]
internal sealed class ChassisLivenessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Hv1 = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Hv1Private = Guid.Parse("00000000-0000-0000-0000-0000000000b1");

    [TestMethod]
    public void WhyStale_NoChassisRow_StaleAtOnce()
    {
        var liveness = Live();

        liveness.SetChassis(Hv1, null);

        Assert.AreEqual("no Chassis row", liveness.WhyStale("hv1", T0));
        Assert.AreEqual("no Chassis row", liveness.WhyStale("never-registered", T0));
    }

    [TestMethod]
    public void WhyStale_BumpUnanswered_StaleOnlyOncePatienceHasRunOut()
    {
        var liveness = Live();
        liveness.SetGlobal(2);
        liveness.Stamp(T0);

        Assert.IsNull(liveness.WhyStale("hv1", T0 + Patience - TimeSpan.FromMilliseconds(1)));
        Assert.AreEqual(T0 + Patience, liveness.NextDue(["hv1"], T0));
        Assert.AreEqual("Chassis_Private.nb_cfg 1 behind SB_Global.nb_cfg 2 for 10 s", liveness.WhyStale("hv1", T0 + Patience));
    }

    [TestMethod]
    public void WhyStale_BumpAnswered_FreshAgain()
    {
        var liveness = Live();
        liveness.SetGlobal(2);
        liveness.Stamp(T0);

        liveness.SetPrivate(Hv1Private, "hv1", 2);

        Assert.IsNull(liveness.WhyStale("hv1", T0 + Patience * 5));
        Assert.IsNull(liveness.NextDue(["hv1"], T0));
    }

    [TestMethod]
    public void WhyStale_SecondBumpWhileLate_TheClockRunsFromTheFirstUnanswered()
    {
        var liveness = Live();
        liveness.SetGlobal(2);
        liveness.Stamp(T0);
        liveness.SetGlobal(3);
        liveness.Stamp(T0 + TimeSpan.FromSeconds(8));

        Assert.IsNotNull(liveness.WhyStale("hv1", T0 + Patience), "a stream of bumps must not keep a dead chassis fresh");

        liveness.SetPrivate(Hv1Private, "hv1", 2);
        Assert.IsNull(liveness.WhyStale("hv1", T0 + Patience), "answered the first: late only since the second");
        Assert.IsNotNull(liveness.WhyStale("hv1", T0 + TimeSpan.FromSeconds(18)));
    }

    [TestMethod]
    public void WhyStale_LaggingAtTheFirstSnapshot_CountedFromWhenItWasSeen()
    {
        // Started while a chassis is already behind: how long it has been is unknown, so it is given the full patience.
        var liveness = new ChassisLiveness(Patience);
        liveness.SetChassis(Hv1, "hv1");
        liveness.SetPrivate(Hv1Private, "hv1", 4);
        liveness.SetGlobal(7);
        liveness.Stamp(T0);

        Assert.IsNull(liveness.WhyStale("hv1", T0 + TimeSpan.FromSeconds(9)));
        Assert.IsNotNull(liveness.WhyStale("hv1", T0 + Patience));
    }

    [TestMethod]
    public void WhyStale_NoChassisPrivate_OnlyTheGoneRuleApplies()
    {
        var liveness = new ChassisLiveness(Patience);
        liveness.SetChassis(Hv1, "hv1");
        liveness.SetGlobal(9);
        liveness.Stamp(T0);

        Assert.IsNull(liveness.WhyStale("hv1", T0 + Patience * 10), "nothing to judge its answers by");
    }

    [TestMethod]
    public void SetGlobal_Reset_ForgetsEarlierBumps()
    {
        var liveness = Live();
        liveness.SetGlobal(5);
        liveness.Stamp(T0);

        liveness.SetGlobal(1);
        liveness.Stamp(T0 + Patience);

        Assert.IsNull(liveness.WhyStale("hv1", T0 + Patience * 2), "a new NB_Global starts from 0; hv1 at 1 is level with it");
    }

    // hv1 registered and level with SB_Global at nb_cfg 1.
    private static ChassisLiveness Live()
    {
        var liveness = new ChassisLiveness(Patience);
        liveness.SetChassis(Hv1, "hv1");
        liveness.SetPrivate(Hv1Private, "hv1", 1);
        liveness.SetGlobal(1);
        liveness.Stamp(T0 - TimeSpan.FromMinutes(1));
        return liveness;
    }
}
