using System.Net;
using ExaHealth.ExaBgp;
using ExaHealth.Routes;

namespace ExaHealth.Tests.ExaBgp;

/// <summary>Changes waiting for the writer: their net effect against what ExaBGP was told.</summary>
[TestClass]
internal sealed class RouteOutboxTests
{
    private static readonly RouteAttributes Normal = new() { NextHop = new NextHop(IPAddress.Parse("192.0.2.1")) };
    private static readonly RouteAttributes Degraded = Normal with { Med = 100 };
    private readonly RouteOutbox _outbox = new();

    [TestMethod]
    public void Take_AnnounceThenWithdrawBeforeWriting_NothingToWrite()
    {
        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1")]);
        _outbox.Add([Change(RouteChangeKind.Withdraw, "10.0.0.1")]);

        Assert.IsEmpty(_outbox.Take());
        Assert.AreEqual(0, _outbox.Count);
    }

    [TestMethod]
    public void Take_WithdrawAfterAnUnwrittenReannounce_CarriesTheNextHopExaBgpHas()
    {
        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1")]);
        _outbox.Take();
        var other = new RouteAttributes { NextHop = new NextHop(IPAddress.Parse("192.0.2.99")) };

        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1", other)]);
        _outbox.Add([Change(RouteChangeKind.Withdraw, "10.0.0.1", other)]);

        Assert.AreEqual(Change(RouteChangeKind.Withdraw, "10.0.0.1"), _outbox.Take().Single());
    }

    [TestMethod]
    public void Take_SameRouteAgain_NotWrittenUnlessForced()
    {
        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1")]);
        _outbox.Take();

        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1")]);
        Assert.IsEmpty(_outbox.Take());

        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1") with { Mode = RouteChangeMode.Forced }]);
        Assert.HasCount(1, _outbox.Take());
    }

    [TestMethod]
    public void Take_ForcedThenPlainInOneBatch_StaysForced_InTheOrderPrefixesFirstCame()
    {
        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.2"), Change(RouteChangeKind.Announce, "10.0.0.1")]);
        _outbox.Take();

        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.2") with { Mode = RouteChangeMode.Forced }, Change(RouteChangeKind.Withdraw, "10.0.0.1")]);
        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.2"), Change(RouteChangeKind.Announce, "10.0.0.3")]);
        var taken = _outbox.Take();

        CollectionAssert.AreEqual(new[] { "announce 10.0.0.2/32", "withdraw 10.0.0.1/32", "announce 10.0.0.3/32" },
            taken.Select(c => $"{c.Kind.ToString().ToLowerInvariant()} {c.Route.Prefix}").ToArray());
        Assert.AreEqual(0, _outbox.Count);
        Assert.IsEmpty(_outbox.Take(), "what was taken is what ExaBGP has now");
    }

    [TestMethod]
    public void Take_AttributesChanged_Reannounced()
    {
        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1")]);
        _outbox.Take();

        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1", Degraded)]);

        var taken = _outbox.Take().Single();
        Assert.AreEqual(Change(RouteChangeKind.Announce, "10.0.0.1", Degraded), taken with { Replaced = null });
        Assert.AreEqual(Normal, taken.Replaced!.Attributes, "the version ExaBGP keeps if it refuses this one");
    }

    [TestMethod]
    public void Take_Replay_SentOnlyWhileAnnouncedWithTheCurrentAttributes()
    {
        var peer = IPAddress.Parse("198.51.100.1");
        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.1"), Change(RouteChangeKind.Announce, "10.0.0.2")]);
        _outbox.Take();

        _outbox.Add([Replay("10.0.0.1", Normal, peer), Replay("10.0.0.2", Normal, peer)]);
        _outbox.Add([Change(RouteChangeKind.Withdraw, "10.0.0.2"), Change(RouteChangeKind.Announce, "10.0.0.1", Degraded)]);
        var changes = _outbox.Take();

        Assert.HasCount(3, changes);
        Assert.AreEqual(Replay("10.0.0.1", Degraded, peer), changes[2], "replayed as announced now, and only the route still announced");
    }

    [TestMethod]
    public void Take_AfterASnapshotSizedBatch_LaterChangesStillMergeAgainstWhatWasWritten()
    {
        // A snapshot's batch is large enough for the outbox to give its room back once taken.
        var all = Enumerable.Range(0, 5000).Select(i => Change(RouteChangeKind.Announce, $"10.0.{i / 256}.{i % 256}")).ToList();
        _outbox.Add(all);
        Assert.HasCount(5000, _outbox.Take());

        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.7"), Change(RouteChangeKind.Withdraw, "10.0.0.8")]);
        _outbox.Add([Change(RouteChangeKind.Announce, "10.0.0.9", Degraded)]);

        CollectionAssert.AreEqual(
            new[] { Change(RouteChangeKind.Withdraw, "10.0.0.8"), Change(RouteChangeKind.Announce, "10.0.0.9", Degraded) },
            _outbox.Take().Select(c => c with { Replaced = null }).ToList());
        Assert.AreEqual(0, _outbox.Count);
    }

    private static RouteChange Change(RouteChangeKind kind, string address, RouteAttributes? attributes = null) =>
        new(kind, new Route(HostPrefix.For(IPAddress.Parse(address)), attributes ?? Normal));

    private static RouteChange Replay(string address, RouteAttributes attributes, IPAddress peer) =>
        new(RouteChangeKind.Announce, new Route(HostPrefix.For(IPAddress.Parse(address)), attributes with { Neighbors = [peer] }), RouteChangeMode.Replay);
}
