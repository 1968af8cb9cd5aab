using System.Net;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using ExaHealth.Tests.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Runtime;

/// <summary>The whole decision path without I/O: captured Southbound traffic in, ExaBGP lines out.</summary>
[TestClass]
internal sealed class PipelineTests
{
    private readonly PipelineFixture _fixture = new();

    [TestMethod]
    public void OnUpdate_BeforeFirstSnapshot_SendsNothing()
    {
        var pipeline = _fixture.Create();

        Assert.IsEmpty(Lines(pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now)));
        Assert.IsFalse(pipeline.Synced);
    }

    [TestMethod]
    public void OnSnapshot_First_AnnouncesEveryHealthyVipInOneBatch()
    {
        var pipeline = _fixture.Create();

        var lines = Lines(pipeline.OnSnapshot(Snapshot(), _fixture.Now));

        CollectionAssert.AreEquivalent(new[]
        {
            "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp",
            "announce route fd00::10/128 next-hop 2001:db8::1 origin igp",
        }, lines);
    }

    [TestMethod]
    public void OnUpdate_LastBackendOffline_WithdrawsThenOneBackReannounces()
    {
        var pipeline = Synced();

        Assert.IsEmpty(Lines(pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now)), "227 is still online");
        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" },
            Lines(pipeline.OnUpdate(Update("05-two-rows-one-transaction.json"), _fixture.Now)),
            "227 offline and fd10::227 error in one transaction: one batch, and the IPv6 VIP keeps fd10::226");
        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp" },
            Lines(pipeline.OnUpdate(Update("03-status-online.json"), _fixture.Now)));
        pipeline.LogDecisions();
        StringAssert.Contains(string.Join('\n', _fixture.Log.Messages), "vip 10.0.0.10/32 withdrawn: 0/2 backends online (all-offline)");
    }

    [TestMethod]
    public void LogDecisions_StateChangesLoggedAfterTheRoutesAreHandedOver_InOrderOnce()
    {
        var pipeline = Synced();
        pipeline.LogDecisions();
        int before = _fixture.Log.Entries.Count;
        pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now);
        pipeline.OnUpdate(Update("05-two-rows-one-transaction.json"), _fixture.Now);
        pipeline.OnUpdate(Update("03-status-online.json"), _fixture.Now);
        Assert.HasCount(before, _fixture.Log.Entries, "nothing formatted before the caller asks");

        pipeline.LogDecisions();
        pipeline.LogDecisions();

        CollectionAssert.AreEqual(
            new[] { "vip 10.0.0.10/32 withdrawn: 0/2 backends online (all-offline)", "vip 10.0.0.10/32 announced: 1/2 backends online (all-offline)" },
            _fixture.Log.Messages.Skip(before).Where(m => m.StartsWith("vip 10.0.0.10/32 ", StringComparison.Ordinal)).ToList());
    }

    [TestMethod]
    public void OnSnapshot_AfterReconnectWithSameContent_SendsNothing()
    {
        var pipeline = Synced();

        Assert.IsEmpty(Lines(pipeline.OnSnapshot(Snapshot(), _fixture.Now)));
    }

    [TestMethod]
    public void OnSnapshot_AfterReconnectWithAVipGone_WithdrawsIt()
    {
        var pipeline = Synced();
        foreach (var message in Fixtures.Messages("09-load-balancer-inserted.json"))
        {
            pipeline.OnUpdate(new OvsdbUpdate(Fixtures.Updates(message)), _fixture.Now);
        }

        var lines = Lines(pipeline.OnSnapshot(Snapshot(), _fixture.Now));

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.20/32 next-hop 192.0.2.10" }, lines);
    }

    [TestMethod]
    public void OnUpdate_LoadBalancerDeleted_WithdrawsItsVip()
    {
        var pipeline = Synced();
        foreach (var message in Fixtures.Messages("09-load-balancer-inserted.json"))
        {
            pipeline.OnUpdate(new OvsdbUpdate(Fixtures.Updates(message)), _fixture.Now);
        }

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.20/32 next-hop 192.0.2.10" },
            Lines(pipeline.OnUpdate(Update("10-load-balancer-deleted.json"), _fixture.Now)));
    }

    [TestMethod]
    public void OnUpdate_VipOutsideAllowedPrefixes_NeverAnnouncedAndLoggedOnce()
    {
        var pipeline = Synced();
        var lb = Guid.NewGuid();

        var lines = Lines(pipeline.OnUpdate(new OvsdbUpdate(TestUpdates.Of([new TableUpdate(SouthboundSchema.LoadBalancer,
            [SouthboundReplicaTests.Balancer(lb, "evil", ("10.9.9.9:80", "10.10.10.226:80"), ("[fd09::9]:80", "[fd10::226]:80"))])])), _fixture.Now));
        pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now);
        pipeline.OnUpdate(Update("03-status-online.json"), _fixture.Now);

        Assert.IsEmpty(lines);
        Assert.HasCount(1, _fixture.Log.Entries.Where(e => e.EventId == 3003 && e.Message.Contains("10.9.9.9/32", StringComparison.Ordinal)));
        Assert.IsFalse(pipeline.Routes.IsAnnounced(HostPrefix.For(IPAddress.Parse("10.9.9.9"))));
    }

    [TestMethod]
    public void OnTick_FailureCountTwo_WithdrawsOnTheNextInterval()
    {
        var pipeline = Synced(new PolicySettings { FailureCount = 2, Interval = TimeSpan.FromSeconds(5) });

        Assert.IsEmpty(Lines(pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now)));
        Assert.IsEmpty(Lines(pipeline.OnUpdate(Update("05-two-rows-one-transaction.json"), _fixture.Now)), "first failure observed");
        Assert.AreEqual(_fixture.Now.AddSeconds(5), pipeline.NextDue());

        _fixture.Time.Advance(TimeSpan.FromSeconds(5));
        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" }, Lines(pipeline.OnTick(_fixture.Now)));
    }

    [TestMethod]
    public void OnNeighborUp_ResendsEverythingAnnouncedToThatNeighbor()
    {
        var pipeline = Synced();

        var lines = Lines(pipeline.OnNeighborUp(IPAddress.Parse("127.0.0.3")));

        CollectionAssert.AreEquivalent(new[]
        {
            "neighbor 127.0.0.3 announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp",
            "neighbor 127.0.0.3 announce route fd00::10/128 next-hop 2001:db8::1 origin igp",
        }, lines);
        Assert.AreEqual(2, pipeline.Routes.Count, "the announced table is unchanged");
    }

    [TestMethod]
    public void WithdrawAll_WithdrawsEverythingAnnounced()
    {
        var pipeline = Synced();

        CollectionAssert.AreEquivalent(new[]
        {
            "withdraw route 10.0.0.10/32 next-hop 192.0.2.10",
            "withdraw route fd00::10/128 next-hop 2001:db8::1",
        }, Lines(pipeline.WithdrawAll()));
        Assert.IsEmpty(Lines(pipeline.WithdrawAll()));
    }

    private Pipeline Synced(PolicySettings? policy = null) => _fixture.Synced(TestSettings.Create(policy));
}
