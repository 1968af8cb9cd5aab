using System.Net;
using ExaHealth.ExaBgp;
using ExaHealth.Routes;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Runtime;

/// <summary>Commands ExaBGP answered <c>error</c> (SPEC section 4): the route counts as not announced and is sent again.</summary>
[TestClass]
internal sealed class PipelineRefusedTests
{
    private static readonly IPNetwork Vip = IPNetwork.Parse("10.0.0.10/32");
    private readonly PipelineFixture _fixture = new();

    [TestMethod]
    public void OnRefused_Announce_RouteCountsAsNotAnnounced()
    {
        var pipeline = _fixture.Synced();
        pipeline.TakeStatusChanges(new HashSet<IPAddress>());

        pipeline.OnRefused([new RouteChange(RouteChangeKind.Announce, pipeline.Routes.Find(Vip)!)]);

        Assert.IsFalse(pipeline.Routes.IsAnnounced(Vip));
        Assert.AreEqual(1, pipeline.Routes.Count, "fd00::10 was not refused");
        var changed = new HashSet<IPAddress>();
        pipeline.TakeStatusChanges(changed);
        Assert.Contains(Vip.BaseAddress, changed, "the status row says so");
    }

    [TestMethod]
    public void OnRefused_Announce_SentAgainOnTheNextDecisionForThatVip()
    {
        var pipeline = _fixture.Synced();
        pipeline.OnRefused([new RouteChange(RouteChangeKind.Announce, pipeline.Routes.Find(Vip)!)]);

        var lines = Lines(pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now));

        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp" }, lines, "one backend is still online");
    }

    [TestMethod]
    public void OnNeighborUp_AfterARefusedAnnounce_SendsItAgain()
    {
        var pipeline = _fixture.Synced();
        pipeline.OnRefused([new RouteChange(RouteChangeKind.Announce, pipeline.Routes.Find(Vip)!)]);

        var lines = Lines(pipeline.OnNeighborUp(IPAddress.Parse("127.0.0.3")));

        CollectionAssert.AreEquivalent(new[]
        {
            "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp",
            "neighbor 127.0.0.3 announce route fd00::10/128 next-hop 2001:db8::1 origin igp",
        }, lines);
        Assert.IsTrue(pipeline.Routes.IsAnnounced(Vip));
    }

    [TestMethod]
    public void OnRefused_AnnounceReplacedSince_LeavesTheNewerRoute()
    {
        var pipeline = _fixture.Synced();
        var current = pipeline.Routes.Find(Vip)!;
        var older = current with { Attributes = current.Attributes with { Med = 7 } };

        Assert.IsEmpty(pipeline.OnRefused([new RouteChange(RouteChangeKind.Announce, older)]));

        Assert.AreSame(current, pipeline.Routes.Find(Vip));
    }

    [TestMethod]
    public void OnRefused_Withdraw_RouteStaysWithdrawn()
    {
        var pipeline = _fixture.Synced();
        pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now);
        var withdraw = pipeline.OnUpdate(Update("05-two-rows-one-transaction.json"), _fixture.Now).Single();

        Assert.IsEmpty(pipeline.OnRefused([withdraw]));

        Assert.IsFalse(pipeline.Routes.IsAnnounced(Vip));
        Assert.IsEmpty(pipeline.OnNeighborUp(IPAddress.Parse("127.0.0.3")).Where(c => c.Route.Prefix == Vip));
    }

    [TestMethod]
    public void OnRefused_AttributeChange_ExaBgpKeepsTheOldRouteAndItIsWithdrawnWhenTheVipFails()
    {
        var pipeline = _fixture.Synced();
        var outbox = new RouteOutbox();
        outbox.Add([.. pipeline.Routes.Routes.Select(r => new RouteChange(RouteChangeKind.Announce, r))]);
        outbox.Take();
        var next = pipeline.Settings with { Routes = pipeline.Settings.Routes with { IPv4 = pipeline.Settings.Routes.IPv4 with { NextHop = new NextHop(IPAddress.Parse("192.0.2.99")) } } };
        outbox.Add(pipeline.Reconfigure(next, _fixture.Now).Changes);
        var refused = outbox.Take();
        Assert.AreEqual("announce route 10.0.0.10/32 next-hop 192.0.2.99 origin igp", Lines(refused).Single());

        pipeline.OnRefused(outbox.Forget(refused));
        pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now);
        outbox.Add(pipeline.OnUpdate(Update("05-two-rows-one-transaction.json"), _fixture.Now));

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" }, Lines(outbox.Take()),
            "ExaBGP still has the route with the old next-hop: it must be withdrawn, with that next-hop");
    }
}
