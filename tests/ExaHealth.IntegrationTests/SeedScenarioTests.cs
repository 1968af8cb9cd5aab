using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// The seed scenario of issue 2 against real OVN, ExaBGP and GoBGP: a VIP leaves the router's RIB
/// when all its backends go offline and returns when one recovers.
/// </summary>
[TestClass]
public sealed class SeedScenarioTests
{
    private static readonly string[] V4Backends = ["10.10.10.226:80", "10.10.10.227:80"];
    private static readonly string[] V6Backends = ["[fd10::226]:80", "[fd10::227]:80"];

    private static LabOptions Options(JsonObject? config = null, bool tcp = false) => new()
    {
        Setup = ovn =>
        {
            ovn.AddLoadBalancer("lb1", "10.0.0.10:80", V4Backends);
            ovn.AddLoadBalancer("lb1-v6", "[fd00::10]:80", V6Backends);
        },
        Config = config,
        Tcp = tcp,
    };

    [TestMethod]
    public async Task IPv4Vip_AllBackendsOfflineThenOneBack_LeavesAndReturnsToRib()
    {
        using var lab = LabEnvironment.Start(Options());
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        lab.Ovn.SetStatus("10.10.10.226", "online");
        lab.Ovn.SetStatus("10.10.10.227", "online");
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        await Task.Delay(300);
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "one backend is still online");

        lab.Ovn.SetStatus("10.10.10.227", "offline");
        await lab.WaitRouteAsync("10.0.0.10/32", present: false);

        lab.Ovn.SetStatus("10.10.10.227", "online");
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "vip 10.0.0.10/32 withdrawn: 0/2 backends online (all-offline)");
    }

    [TestMethod]
    public async Task IPv6Vip_AllBackendsOfflineThenOneBack_LeavesAndReturnsToRib()
    {
        using var lab = LabEnvironment.Start(Options());
        await lab.WaitRouteAsync("fd00::10/128", present: true);

        lab.Ovn.SetStatus("fd10::226", "offline");
        lab.Ovn.SetStatus("fd10::227", "error");
        await lab.WaitRouteAsync("fd00::10/128", present: false);
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "the IPv4 VIP is not affected");

        lab.Ovn.SetStatus("fd10::226", "online");
        await lab.WaitRouteAsync("fd00::10/128", present: true);
        var route = lab.Router.Rib(ipv6: true)["fd00::10/128"];
        StringAssert.Contains(route.ToString(), "2001:db8::1", "the configured IPv6 next-hop");
    }

    [TestMethod]
    public async Task VipOutsideAllowedPrefixes_NeverAppears()
    {
        var options = Options() with
        {
            Setup = ovn =>
            {
                ovn.AddLoadBalancer("lb1", "10.0.0.10:80", V4Backends);
                ovn.AddLoadBalancer("foreign", "10.9.9.9:80", ["10.10.10.230:80"]);
                ovn.AddLoadBalancer("foreign-v6", "[fd09::9]:80", ["[fd10::230]:80"]);
            },
        };
        using var lab = LabEnvironment.Start(options);
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        lab.Ovn.SetStatus("10.10.10.230", "online");
        lab.Ovn.SetStatus("10.10.10.230", "offline");
        lab.Ovn.SetStatus("10.10.10.230", "online");
        await Task.Delay(500);

        Assert.IsFalse(lab.Router.Has("10.9.9.9/32"));
        Assert.IsFalse(lab.Router.Has("fd09::9/128"));
        Assert.AreEqual(1, lab.Router.Rib().Count, "only the allowed VIP");
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "vip 10.9.9.9/32 ignored: outside routes.allowedPrefixes");
    }

    [TestMethod]
    public async Task AnyOffline_FirstFailure_Withdraws()
    {
        using var lab = LabEnvironment.Start(Options(new JsonObject { ["policy"] = new JsonObject { ["withdrawWhen"] = "any-offline" } }));
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        lab.Ovn.SetStatus("10.10.10.226", "offline");
        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "vip 10.0.0.10/32 withdrawn: 1/2 backends online (any-offline)");

        lab.Ovn.SetStatus("10.10.10.226", "online");
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
    }

    [TestMethod]
    public async Task SouthboundRestarted_PluginReconnectsAndFollowsHealth()
    {
        using var lab = LabEnvironment.Start(Options(tcp: true));
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        int pid = lab.ExaBgp.PluginPid ?? throw new InvalidOperationException("no plugin pid");

        lab.Ovn.StopSouthbound();
        await Task.Delay(2500);
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "routes are held while the database is away");
        Assert.IsTrue(Daemon.IsAlive(pid), "the plugin does not exit when the database goes away");

        lab.Ovn.StartSouthbound();
        await Wait.UntilAsync(() => lab.ExaBgp.PluginLog().Split('\n').Count(l => l.Contains("snapshot complete", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(15), "a second snapshot after the restart");
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");
        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
        Assert.AreEqual(pid, lab.ExaBgp.PluginPid, "same process throughout");
    }
}
