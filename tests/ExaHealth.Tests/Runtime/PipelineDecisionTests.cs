using System.Net;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Runtime;

/// <summary>Issue 3 rules through the pipeline: restart reconciliation, maintenance, reload, degraded, overrides.</summary>
[TestClass]
internal sealed class PipelineDecisionTests
{
    private static readonly OvsdbRemote Remote = new(OvsdbRemoteKind.Unix, "", 0, "/tmp/sb.sock");
    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.10");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _log = new();

    [TestMethod]
    public void FirstSnapshot_InheritedRoutes_StaleWithdrawnWantedAnnouncedAgain()
    {
        var pipeline = new Pipeline(TestSettings.Create(), _log);
        var settings = TestSettings.Create();
        pipeline.Inherit(
        [
            new Route(HostPrefix.For(Vip), settings.Routes.IPv4),
            new Route(HostPrefix.For(IPAddress.Parse("10.0.0.99")), settings.Routes.IPv4),
        ]);

        var lines = Lines(pipeline.OnSnapshot(Snapshot(), Now));

        CollectionAssert.AreEquivalent(new[]
        {
            "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp",
            "announce route fd00::10/128 next-hop 2001:db8::1 origin igp",
            "withdraw route 10.0.0.99/32 next-hop 192.0.2.10",
        }, lines, "the unchanged inherited route is announced again: ExaBGP may have lost it with its session");
        StringAssert.Contains(string.Join('\n', _log.Messages), "restart reconciliation: 2 routes announced by a previous incarnation, 1 withdrawn");
    }

    [TestMethod]
    public void SecondSnapshot_UnchangedRoutes_NothingSent()
    {
        var pipeline = Synced();

        Assert.IsEmpty(pipeline.OnSnapshot(Snapshot(), Now));
    }

    [TestMethod]
    public void Maintenance_WithdrawsEverythingThenRestores()
    {
        var pipeline = Synced();

        CollectionAssert.AreEquivalent(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10", "withdraw route fd00::10/128 next-hop 2001:db8::1" },
            Lines(pipeline.SetMaintenance(true)));
        Assert.IsEmpty(pipeline.OnUpdate(Update("03-status-online.json"), Now), "health changes do not announce during maintenance");
        Assert.IsEmpty(pipeline.SetMaintenance(true));
        Assert.HasCount(2, pipeline.SetMaintenance(false));
    }

    [TestMethod]
    public void Maintenance_BeforeFirstSnapshot_NothingAnnounced()
    {
        var pipeline = new Pipeline(TestSettings.Create(), _log);
        pipeline.SetMaintenance(true);

        Assert.IsEmpty(pipeline.OnSnapshot(Snapshot(), Now));
    }

    [TestMethod]
    public void Reconfigure_ChangedMed_ReannouncesOnlyWhatChanged()
    {
        var pipeline = Synced();
        var settings = pipeline.Settings;
        var next = settings with { Routes = settings.Routes with { IPv4 = settings.Routes.IPv4 with { Med = 50 } } };

        var (changes, resubscribe) = pipeline.Reconfigure(next, Now);

        Assert.IsFalse(resubscribe);
        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp med 50" }, Lines(changes));
    }

    [TestMethod]
    public void Reconfigure_VipNewlyOutsideAllowedPrefixes_IsWithdrawn()
    {
        var pipeline = Synced();
        var settings = pipeline.Settings;
        var next = settings with { Routes = settings.Routes with { AllowedPrefixes = [IPNetwork.Parse("fd00::/64")] } };

        var (changes, _) = pipeline.Reconfigure(next, Now);

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" }, Lines(changes));
    }

    [TestMethod]
    public void Reconfigure_SameSettings_NothingSentNoExtraObservation()
    {
        var pipeline = Synced(TestSettings.Create(new PolicySettings { FailureCount = 3 }));
        pipeline.OnUpdate(Update("02-status-offline.json"), Now);
        pipeline.OnUpdate(Update("05-two-rows-one-transaction.json"), Now);
        int streak = pipeline.Policy.Find(Vip)!.Debounce.Streak;

        var (changes, _) = pipeline.Reconfigure(pipeline.Settings with { }, Now);

        Assert.IsEmpty(changes);
        Assert.AreEqual(streak, pipeline.Policy.Find(Vip)!.Debounce.Streak);
    }

    [TestMethod]
    public void Reconfigure_NewLoadBalancerFilter_HoldsRoutesUntilTheNextSnapshot()
    {
        var pipeline = Synced();

        var (changes, resubscribe) = pipeline.Reconfigure(pipeline.Settings with { LoadBalancerPatterns = ["lb1"] }, Now);

        Assert.IsTrue(resubscribe);
        Assert.IsEmpty(changes);
        Assert.IsEmpty(pipeline.OnUpdate(Update("02-status-offline.json"), Now), "waiting for the snapshot");
        CollectionAssert.AreEqual(new[] { "withdraw route fd00::10/128 next-hop 2001:db8::1" }, Lines(pipeline.OnSnapshot(Snapshot(), Now)));
    }

    [TestMethod]
    public void Degraded_BelowThreshold_AnnouncedWithWorseAttributesThenNormalAgain()
    {
        var pipeline = Synced(TestSettings.Create() with { Degraded = new DegradedSettings { BelowOnline = 2, Med = 500 } });

        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp med 500" },
            Lines(pipeline.OnUpdate(Update("02-status-offline.json"), Now)));
        StringAssert.Contains(string.Join('\n', _log.Messages), "vip 10.0.0.10/32 degraded: 1/2 backends online (below 2)");

        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp" },
            Lines(pipeline.OnUpdate(Update("03-status-online.json"), Now)));
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
        var pipeline = new Pipeline(settings, _log);

        var first = Lines(pipeline.OnSnapshot(Snapshot(), Now));
        CollectionAssert.Contains(first, "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp med 50");

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" },
            Lines(pipeline.OnUpdate(Update("02-status-offline.json"), Now)), "any-offline for this VIP only");
    }

    private Pipeline Synced(Settings? settings = null)
    {
        var pipeline = new Pipeline(settings ?? TestSettings.Create(), _log);
        pipeline.OnSnapshot(Snapshot(), Now);
        pipeline.OnUpdate(Update("03-status-online.json"), Now);
        return pipeline;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private static OvsdbSnapshot Snapshot() => new(Remote, Fixtures.Updates("01-monitor-reply.json"), TimeSpan.Zero);

    private static OvsdbUpdate Update(string fixture) => new(Fixtures.Updates(fixture));

    private static List<string> Lines(List<RouteChange> changes) => CommandFormatter.Format(changes);
}
