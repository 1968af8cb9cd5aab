using System.Collections.Immutable;
using System.Net;
using ExaHealth.ExaBgp;
using ExaHealth.Routes;

namespace ExaHealth.Tests.ExaBgp;

/// <summary>
/// routes.neighbors changed (SIGHUP): a neighbor no longer listed gets a withdraw before the route
/// goes to the new ones (SPEC section 1), and only those that lose it.
/// </summary>
[TestClass]
internal sealed class RouteOutboxNeighborTests
{
    private static readonly IPAddress A = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress B = IPAddress.Parse("127.0.0.4");
    private readonly RouteOutbox _outbox = new();

    [TestMethod]
    public void Take_NeighborsMovedFromAToB_WithdrawsFromAThenAnnouncesToB()
    {
        Written(A);

        _outbox.Add([Announce(B)]);

        CollectionAssert.AreEqual(new[]
        {
            "neighbor 127.0.0.3 withdraw route 10.0.0.10/32 next-hop 192.0.2.10",
            "neighbor 127.0.0.4 announce route 10.0.0.10/32 next-hop 192.0.2.10",
        }, CommandFormatter.Format(_outbox.Take()));
    }

    [TestMethod]
    public void Take_OneNeighborDropped_WithdrawsFromItAlone()
    {
        Written(A, B);

        _outbox.Add([Announce(A)]);

        CollectionAssert.AreEqual(new[]
        {
            "neighbor 127.0.0.4 withdraw route 10.0.0.10/32 next-hop 192.0.2.10",
            "neighbor 127.0.0.3 announce route 10.0.0.10/32 next-hop 192.0.2.10",
        }, CommandFormatter.Format(_outbox.Take()));
    }

    [TestMethod]
    public void Take_FromEveryNeighborToOne_WithdrawnEverywhereFirst()
    {
        Written();

        _outbox.Add([Announce(B)]);

        CollectionAssert.AreEqual(new[]
        {
            "withdraw route 10.0.0.10/32 next-hop 192.0.2.10",
            "neighbor 127.0.0.4 announce route 10.0.0.10/32 next-hop 192.0.2.10",
        }, CommandFormatter.Format(_outbox.Take()));
    }

    [TestMethod]
    public void Take_NeighborAdded_NoWithdraw()
    {
        Written(A);

        _outbox.Add([Announce(A, B)]);

        CollectionAssert.AreEqual(new[] { "neighbor 127.0.0.3, neighbor 127.0.0.4 announce route 10.0.0.10/32 next-hop 192.0.2.10" },
            CommandFormatter.Format(_outbox.Take()));
    }

    private void Written(params IPAddress[] neighbors)
    {
        _outbox.Add([Announce(neighbors)]);
        _outbox.Take();
    }

    private static RouteChange Announce(params IPAddress[] neighbors) =>
        new(RouteChangeKind.Announce, new Route(IPNetwork.Parse("10.0.0.10/32"),
            new RouteAttributes { NextHop = new NextHop(IPAddress.Parse("192.0.2.10")), Neighbors = ImmutableArray.Create(neighbors) }));
}
