using System.Net;
using ExaHealth.Health;
using ExaHealth.Policy;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Policy;

/// <summary>A flapping VIP is held withdrawn until its penalty decays, over fake time.</summary>
[TestClass]
internal sealed class PolicyEngineDampeningTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.10");
    private static readonly VipHealth Up = new(Vip, 2, 2, 2);
    private static readonly VipHealth Down = new(Vip, 2, 0, 2);
    private static readonly PolicySettings Policy = new()
    {
        Dampening = new DampeningSettings { Penalty = 1000, HalfLife = TimeSpan.FromSeconds(30), SuppressAbove = 2500, ReuseBelow = 800, MaxSuppress = TimeSpan.FromMinutes(10) },
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [TestMethod]
    public void Observe_ThirdWithdrawInQuickSuccession_HoldsTheVipUntilThePenaltyDecays()
    {
        var engine = new PolicyEngine(Policy);
        engine.Observe(Up, Now);
        for (int i = 0; i < 2; i++)
        {
            engine.Observe(Down, Now);
            engine.Observe(Up, Now);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var third = engine.Observe(Down, Now)!;
        Assert.AreEqual(DampeningChange.Suppressed, third.Dampening);
        StringAssert.Contains(third.Reason, "held withdrawn by dampening, penalty");

        Assert.IsNull(engine.Observe(Up, Now), "healthy again, but held");
        Assert.AreEqual(RouteState.Withdrawn, engine.StateOf(Vip));

        var release = engine.NextDue()!.Value;
        Assert.IsGreaterThan(Now.AddSeconds(40), release, "about 30 s x log2(2900/800)");
        _time.Advance(release - Now - TimeSpan.FromSeconds(1));
        Assert.IsEmpty(engine.Tick(Now));

        _time.Advance(TimeSpan.FromSeconds(1));
        var released = engine.Tick(Now).Single();
        Assert.AreEqual((RouteState.Withdrawn, RouteState.Announced, DampeningChange.Released), (released.Previous, released.Current, released.Dampening));
        Assert.IsNull(engine.NextDue());
    }

    [TestMethod]
    public void Tick_ReleasedWhileStillUnhealthy_StaysWithdrawnQuietly()
    {
        var engine = new PolicyEngine(Policy);
        engine.Observe(Up, Now);
        engine.Observe(Down, Now);
        engine.Observe(Up, Now);
        engine.Observe(Down, Now);
        engine.Observe(Up, Now);
        engine.Observe(Down, Now);

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.IsEmpty(engine.Tick(Now), "released, but the verdict is still unhealthy: no change");
        Assert.AreEqual(RouteState.Withdrawn, engine.StateOf(Vip));
        Assert.IsFalse(engine.Find(Vip)!.Dampening.Suppressed);
    }

    [TestMethod]
    public void Observe_SlowFlaps_NeverSuppressed()
    {
        var engine = new PolicyEngine(Policy);
        engine.Observe(Up, Now);
        for (int i = 0; i < 10; i++)
        {
            Assert.AreEqual(RouteState.Withdrawn, engine.Observe(Down, Now)!.Current);
            Assert.AreEqual(RouteState.Announced, engine.Observe(Up, Now)!.Current);
            _time.Advance(TimeSpan.FromMinutes(2));
        }

        Assert.AreEqual(10, engine.Find(Vip)!.Dampening.Flaps);
    }

    private DateTimeOffset Now => _time.GetUtcNow();
}
