using System.Net;
using ExaHealth.Health;
using ExaHealth.Policy;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Policy;

/// <summary>Sequences of observations over fake time: the interval drives the count, not the wall clock.</summary>
[TestClass]
internal sealed class PolicyEngineTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.10");
    private static readonly VipHealth Up = new(Vip, 2, 2, 2);
    private static readonly VipHealth Down = new(Vip, 2, 0, 2);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [TestMethod]
    public void Observe_DefaultCounts_WithdrawsAndReannouncesAtOnce()
    {
        var engine = new PolicyEngine(new PolicySettings());

        Assert.AreEqual(RouteState.Announced, engine.Observe(Up, _time.GetUtcNow())!.Current);
        var down = engine.Observe(Down, _time.GetUtcNow())!;
        Assert.AreEqual((RouteState.Announced, RouteState.Withdrawn), (down.Previous, down.Current));
        Assert.AreEqual("0/2 backends online (all-offline)", down.Reason);
        Assert.AreEqual(RouteState.Announced, engine.Observe(Up, _time.GetUtcNow())!.Current);
        Assert.IsNull(engine.NextDue(), "nothing is counting");
    }

    [TestMethod]
    public void Observe_SameStateAgain_IsNoDecision()
    {
        var engine = new PolicyEngine(new PolicySettings());
        engine.Observe(Up, _time.GetUtcNow());

        Assert.IsNull(engine.Observe(Up with { Online = 1 }, _time.GetUtcNow()));
    }

    [TestMethod]
    public void Tick_FailureCountThree_WithdrawsAfterTwoIntervals()
    {
        var engine = new PolicyEngine(new PolicySettings { FailureCount = 3, Interval = TimeSpan.FromSeconds(5) });
        engine.Observe(Up, _time.GetUtcNow());

        Assert.IsNull(engine.Observe(Down, _time.GetUtcNow()), "first failure: counting");
        Assert.AreEqual(_time.GetUtcNow().AddSeconds(5), engine.NextDue());

        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.IsEmpty(engine.Tick(_time.GetUtcNow()), "not due yet");

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.IsEmpty(engine.Tick(_time.GetUtcNow()), "second failure");

        _time.Advance(TimeSpan.FromSeconds(5));
        var decision = engine.Tick(_time.GetUtcNow()).Single();
        Assert.AreEqual(RouteState.Withdrawn, decision.Current);
        Assert.IsNull(engine.NextDue());
    }

    [TestMethod]
    public void Observe_RecoveryWhileCounting_CancelsTheWithdraw()
    {
        var engine = new PolicyEngine(new PolicySettings { FailureCount = 2 });
        engine.Observe(Up, _time.GetUtcNow());
        engine.Observe(Down, _time.GetUtcNow());

        Assert.IsNull(engine.Observe(Up, _time.GetUtcNow()));
        Assert.IsNull(engine.NextDue());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.IsEmpty(engine.Tick(_time.GetUtcNow()));
        Assert.AreEqual(RouteState.Announced, engine.StateOf(Vip));
    }

    [TestMethod]
    public void Observe_ChangesCountAsObservations_NotOnlyTicks()
    {
        var engine = new PolicyEngine(new PolicySettings { FailureCount = 3, Interval = TimeSpan.FromSeconds(5) });
        engine.Observe(Up, _time.GetUtcNow());

        engine.Observe(Down, _time.GetUtcNow());
        engine.Observe(Down with { Total = 3 }, _time.GetUtcNow());
        var decision = engine.Observe(Down with { Total = 4 }, _time.GetUtcNow());

        Assert.AreEqual(RouteState.Withdrawn, decision!.Current);
    }

    [TestMethod]
    public void Forget_AnnouncedVip_IsWithdrawnWithTheReason()
    {
        var engine = new PolicyEngine(new PolicySettings());
        engine.Observe(Up, _time.GetUtcNow());

        var decision = engine.Forget(Vip, "VIP no longer in the Southbound");

        Assert.AreEqual((RouteState.Announced, RouteState.Withdrawn), (decision!.Previous, decision.Current));
        Assert.IsNull(engine.Forget(Vip, "again"));
        Assert.AreEqual(0, engine.Count);
    }

    [TestMethod]
    public void Observe_UnmonitoredIgnored_ForgetsTheVip()
    {
        var engine = new PolicyEngine(new PolicySettings { Unmonitored = UnmonitoredAction.Ignore });
        engine.Observe(Up, _time.GetUtcNow());

        var decision = engine.Observe(Up with { Monitored = 0 }, _time.GetUtcNow());

        Assert.AreEqual(RouteState.Withdrawn, decision!.Current);
        Assert.AreEqual(RouteState.Unknown, engine.StateOf(Vip));
    }
}
