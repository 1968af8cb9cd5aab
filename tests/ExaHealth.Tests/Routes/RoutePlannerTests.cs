using System.Net;
using ExaHealth.Health;
using ExaHealth.Policy;
using ExaHealth.Routes;

namespace ExaHealth.Tests.Routes;

[TestClass]
internal sealed class RoutePlannerTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.10");
    private static readonly RouteSettings Routes = new()
    {
        AllowedPrefixes = [IPNetwork.Parse("10.0.0.0/24")],
        IPv4 = new RouteAttributes { NextHop = new NextHop(IPAddress.Parse("192.0.2.10")), Med = 10, Communities = [new Community(65000, 1)] },
        IPv6 = new RouteAttributes(),
        LocalAs = 65000,
    };

    private static readonly DegradedSettings Degraded = new() { BelowOnline = 2, Med = 500, AsPathPrepend = 2, Communities = [new Community(65000, 666)] };

    [TestMethod]
    public void Desired_FewerOnlineThanBelowOnline_DegradedAttributes()
    {
        var route = RoutePlanner.Desired(Vip, RouteState.Announced, new VipHealth(Vip, 3, 1, 3), new VipRouting(Routes, Routes.IPv4, Degraded), false)!;

        Assert.AreEqual(500u, route.Attributes.Med);
        CollectionAssert.AreEqual(new uint[] { 65000, 65000, 65000 }, route.Attributes.AsPath.ToArray(), "own AS + 2 prepends: ExaBGP sends an explicit path as given");
        CollectionAssert.AreEqual(new[] { new Community(65000, 1), new Community(65000, 666) }, route.Attributes.Communities.ToArray());
        Assert.AreEqual(Routes.IPv4.NextHop, route.Attributes.NextHop);
    }

    [TestMethod]
    public void Desired_ConfiguredAsPath_PrependsInFrontOfIt()
    {
        var routes = Routes with { IPv4 = Routes.IPv4 with { AsPath = [65000, 65100] } };

        var route = RoutePlanner.Desired(Vip, RouteState.Announced, new VipHealth(Vip, 3, 1, 3), new VipRouting(routes, routes.IPv4, Degraded with { AsPathPrepend = 1 }), false)!;

        CollectionAssert.AreEqual(new uint[] { 65000, 65000, 65100 }, route.Attributes.AsPath.ToArray());
    }

    [TestMethod]
    [DataRow(3, 2, 3, false)]
    [DataRow(3, 3, 3, false)]
    [DataRow(3, 0, 0, false)]
    [DataRow(3, 1, 3, true)]
    public void IsDegraded_OnlyMonitoredVipsBelowTheThreshold(int total, int online, int monitored, bool expected)
    {
        Assert.AreEqual(expected, RoutePlanner.IsDegraded(new VipHealth(Vip, total, online, monitored), Degraded));
    }

    [TestMethod]
    public void Desired_HealthyEnough_NormalAttributes()
    {
        var route = RoutePlanner.Desired(Vip, RouteState.Announced, new VipHealth(Vip, 3, 2, 3), new VipRouting(Routes, Routes.IPv4, Degraded), false)!;

        Assert.AreSame(Routes.IPv4, route.Attributes);
    }

    [TestMethod]
    public void Desired_Maintenance_NoRoute()
    {
        Assert.IsNull(RoutePlanner.Desired(Vip, RouteState.Announced, new VipHealth(Vip, 2, 2, 2), new VipRouting(Routes, Routes.IPv4, null), maintenance: true));
    }
}
