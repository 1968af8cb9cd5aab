using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Runtime;

/// <summary>Issue 3 rules through the pipeline: restart reconciliation, maintenance, reload, degraded, overrides.</summary>
[TestClass]
internal sealed class PipelineDecisionTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.10");
    private readonly PipelineFixture _fixture = new();

    [TestMethod]
    public void FirstSnapshot_InheritedRoutes_StaleWithdrawnWantedAnnouncedAgain()
    {
        var pipeline = _fixture.Create();
        var settings = TestSettings.Create();
        pipeline.Inherit(
        [
            new Route(HostPrefix.For(Vip), settings.Routes.IPv4),
            new Route(HostPrefix.For(IPAddress.Parse("10.0.0.99")), settings.Routes.IPv4),
        ]);

        var lines = Lines(pipeline.OnSnapshot(Snapshot(), _fixture.Now));

        CollectionAssert.AreEquivalent(new[]
        {
            "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp",
            "announce route fd00::10/128 next-hop 2001:db8::1 origin igp",
            "withdraw route 10.0.0.99/32 next-hop 192.0.2.10",
        }, lines, "the unchanged inherited route is announced again: ExaBGP may have lost it with its session");
        StringAssert.Contains(string.Join('\n', _fixture.Log.Messages), "restart reconciliation: 2 routes announced by a previous incarnation, 1 withdrawn");
    }

    [TestMethod]
    public void SecondSnapshot_UnchangedRoutes_NothingSent()
    {
        var pipeline = _fixture.Synced();

        Assert.IsEmpty(pipeline.OnSnapshot(Snapshot(), _fixture.Now));
    }

    [TestMethod]
    public void Maintenance_WithdrawsEverythingThenRestores()
    {
        var pipeline = _fixture.Synced();

        CollectionAssert.AreEquivalent(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10", "withdraw route fd00::10/128 next-hop 2001:db8::1" },
            Lines(pipeline.SetMaintenance(true)));
        Assert.IsEmpty(pipeline.OnUpdate(Update("03-status-online.json"), _fixture.Now), "health changes do not announce during maintenance");
        Assert.IsEmpty(pipeline.SetMaintenance(true));
        Assert.HasCount(2, pipeline.SetMaintenance(false));
    }

    [TestMethod]
    public void Maintenance_BeforeFirstSnapshot_NothingAnnounced()
    {
        var pipeline = _fixture.Create();
        pipeline.SetMaintenance(true);

        Assert.IsEmpty(pipeline.OnSnapshot(Snapshot(), _fixture.Now));
    }

    [TestMethod]
    public void Reconfigure_ChangedMed_ReannouncesOnlyWhatChanged()
    {
        var pipeline = _fixture.Synced();
        var settings = pipeline.Settings;
        var next = settings with { Routes = settings.Routes with { IPv4 = settings.Routes.IPv4 with { Med = 50 } } };

        var (changes, resubscribe) = pipeline.Reconfigure(next, _fixture.Now);

        Assert.IsFalse(resubscribe);
        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp med 50" }, Lines(changes));
    }

    [TestMethod]
    public void Reconfigure_VipNewlyOutsideAllowedPrefixes_IsWithdrawn()
    {
        var pipeline = _fixture.Synced();
        var settings = pipeline.Settings;
        var next = settings with { Routes = settings.Routes with { AllowedPrefixes = [IPNetwork.Parse("fd00::/64")] } };

        var (changes, _) = pipeline.Reconfigure(next, _fixture.Now);

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" }, Lines(changes));
    }

    [TestMethod]
    public void Reconfigure_SameSettings_NothingSentNoExtraObservation()
    {
        var pipeline = _fixture.Synced(TestSettings.Create(new PolicySettings { FailureCount = 3 }));
        pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now);
        pipeline.OnUpdate(Update("05-two-rows-one-transaction.json"), _fixture.Now);
        int streak = pipeline.Policy.Find(Vip)!.Debounce.Streak;

        var (changes, _) = pipeline.Reconfigure(pipeline.Settings with { }, _fixture.Now);

        Assert.IsEmpty(changes);
        Assert.AreEqual(streak, pipeline.Policy.Find(Vip)!.Debounce.Streak);
    }

    [TestMethod]
    public void Reconfigure_NewLoadBalancerFilter_HoldsRoutesUntilTheNextSnapshot()
    {
        var pipeline = _fixture.Synced();

        var (changes, resubscribe) = pipeline.Reconfigure(pipeline.Settings with { LoadBalancerPatterns = ["lb1"] }, _fixture.Now);

        Assert.IsTrue(resubscribe);
        Assert.IsEmpty(changes);
        Assert.IsEmpty(pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now), "waiting for the snapshot");
        CollectionAssert.AreEqual(new[] { "withdraw route fd00::10/128 next-hop 2001:db8::1" }, Lines(pipeline.OnSnapshot(Snapshot(), _fixture.Now)));
    }

    [TestMethod]
    public void Degraded_BelowThreshold_AnnouncedWithWorseAttributesThenNormalAgain()
    {
        var pipeline = _fixture.Synced(TestSettings.Create() with { Degraded = new DegradedSettings { BelowOnline = 2, Med = 500 } });

        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp med 500" },
            Lines(pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now)));
        StringAssert.Contains(string.Join('\n', _fixture.Log.Messages), "vip 10.0.0.10/32 degraded: 1/2 backends online (below 2)");

        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp" },
            Lines(pipeline.OnUpdate(Update("03-status-online.json"), _fixture.Now)));
    }

    [TestMethod]
    public void Overrides_PerVipPolicyAndAttributes()
    {
        var settings = TestSettings.Create();
        settings = settings with
        {
            Overrides = new Dictionary<IPAddress, VipOverride>
            {
                [Vip] = new(new PolicySettings { WithdrawWhen = WithdrawWhen.AnyOffline }, null, settings.Routes.IPv4 with { Med = 50 }, settings.Routes.IPv6),
            },
        };
        var pipeline = _fixture.Create(settings);

        var first = Lines(pipeline.OnSnapshot(Snapshot(), _fixture.Now));
        CollectionAssert.Contains(first, "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp med 50");

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" },
            Lines(pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now)), "any-offline for this VIP only");
    }
}
