using System.Collections.Immutable;
using System.Net;
using ExaHealth.Policy;
using ExaHealth.Routes;

namespace ExaHealth.Tests.Routes;

[TestClass]
internal sealed class RouteTableTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.10");
    private static readonly RouteSettings Settings = new()
    {
        AllowedPrefixes = [IPNetwork.Parse("10.0.0.0/24")],
        IPv4 = new RouteAttributes { NextHop = new NextHop(IPAddress.Parse("192.0.2.10")) },
        IPv6 = new RouteAttributes(),
    };

    private static VipRouting Routing(IPAddress vip) => new(Settings, Settings.AttributesFor(vip), null);

    [TestMethod]
    public void Reconcile_NewRoute_AnnouncesOnce()
    {
        var table = new RouteTable();
        var route = RoutePlanner.Desired(Vip, RouteState.Announced, null, Routing(Vip), maintenance: false);

        Assert.AreEqual(RouteChangeKind.Announce, table.Reconcile(HostPrefix.For(Vip), route)!.Value.Kind);
        Assert.IsNull(table.Reconcile(HostPrefix.For(Vip), RoutePlanner.Desired(Vip, RouteState.Announced, null, Routing(Vip), maintenance: false)), "no repeated announce");
    }

    [TestMethod]
    public void Reconcile_NotAnnounced_NoWithdraw()
    {
        Assert.IsNull(new RouteTable().Reconcile(HostPrefix.For(Vip), null));
    }

    [TestMethod]
    public void Reconcile_Withdraw_CarriesTheAnnouncedRoute()
    {
        var table = new RouteTable();
        var route = RoutePlanner.Desired(Vip, RouteState.Announced, null, Routing(Vip), maintenance: false)!;
        table.Reconcile(route.Prefix, route);

        var change = table.Reconcile(route.Prefix, null)!.Value;

        Assert.AreEqual(RouteChangeKind.Withdraw, change.Kind);
        Assert.AreSame(route, change.Route);
        Assert.AreEqual(0, table.Count);
    }

    [TestMethod]
    public void Reconcile_ChangedAttributes_Reannounces()
    {
        var table = new RouteTable();
        var route = RoutePlanner.Desired(Vip, RouteState.Announced, null, Routing(Vip), maintenance: false)!;
        table.Reconcile(route.Prefix, route);

        var changed = route with { Attributes = route.Attributes with { Med = 50 } };
        Assert.AreEqual(RouteChangeKind.Announce, table.Reconcile(route.Prefix, changed)!.Value.Kind);
        Assert.IsNull(table.Reconcile(route.Prefix, changed with { Attributes = changed.Attributes with { AsPath = ImmutableArray<uint>.Empty } }));
    }

    [TestMethod]
    [DataRow("10.0.1.10")]
    [DataRow("fd00::10")]
    public void Desired_OutsideAllowedPrefixes_IsNeverARoute(string address)
    {
        Assert.IsNull(RoutePlanner.Desired(IPAddress.Parse(address), RouteState.Announced, null, Routing(IPAddress.Parse(address)), maintenance: false));
    }

    [TestMethod]
    [DataRow(RouteState.Withdrawn)]
    [DataRow(RouteState.Unknown)]
    public void Desired_NotAnnouncedState_IsNoRoute(RouteState state)
    {
        Assert.IsNull(RoutePlanner.Desired(Vip, state, null, Routing(Vip), maintenance: false));
    }
}
