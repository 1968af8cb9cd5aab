using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// Issue 11 against real OVN, ExaBGP and GoBGP: what operations do to a running site (a
/// Northbound restart, a plugin restart while a database is away, SIGHUP reloads that move
/// neighbors or narrow the allowed prefixes), each read from the routers' RIBs.
/// </summary>
[TestClass]
public sealed class OperationsTests
{
    private static readonly string[] Two = ["10.10.10.226:80", "10.10.10.227:80"];

    /// <summary>Issue 11 defect 1: a resumed Northbound monitor brings only what changed, not the health checks afresh.</summary>
    [TestMethod]
    public async Task NorthboundRestartedAndResumed_BackendsGoOffline_VipWithdrawn()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            // Only a clustered ovsdb-server resumes a monitor; a standalone one sends everything again.
            Ovn = new OvnOptions { ClusteredNorthbound = true },
            Setup = ovn =>
            {
                ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two);
                ovn.AddBulk();
            },
            StartExaBgp = false,
        });
        string nb = "unix:" + lab.Ovn.NbSocket;
        lab.WriteConfig(new JsonObject { ["ovsdb"] = new JsonObject { ["northbound"] = nb } });
        lab.StartExaBgp();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        await WaitLogAsync(lab, "ovsdb snapshot complete from " + nb);

        lab.Ovn.StopNorthbound(kill: true);
        await WaitLogAsync(lab, $"ovsdb connection to {nb} lost");
        lab.Ovn.StartNorthbound();
        // The test means something only if the plugin resumed (a full snapshot would be right today).
        await WaitLogAsync(lab, "ovsdb resumed the monitor on " + nb, seconds: 20);

        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");

        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
    }

    /// <summary>Issue 11 defect 3: the Northbound refines, it never gates; a restarted plugin decides from the Southbound alone.</summary>
    [TestMethod]
    public async Task PluginRestartedWhileNorthboundIsDown_LoadBalancerDeletedMeanwhile_StaleVipWithdrawn()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn =>
            {
                ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two);
                ovn.AddLoadBalancer("lb2", "10.0.0.20:80", ["10.10.10.240:80"]);
            },
            StartExaBgp = false,
        });
        lab.WriteConfig(new JsonObject { ["ovsdb"] = new JsonObject { ["northbound"] = "unix:" + lab.Ovn.NbSocket } });
        lab.StartExaBgp();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        await lab.WaitRouteAsync("10.0.0.20/32", present: true);

        await KillPluginAndHoldItsRespawnAsync(lab);
        // northd still runs against the Northbound: the Southbound loses lb2 before the Northbound goes.
        lab.Ovn.DeleteLoadBalancer("lb2");
        await Wait.UntilAsync(() => !lab.Ovn.Sb("--bare", "--columns=name", "list", "Load_Balancer").Contains("lb2", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "northd to delete lb2 from the Southbound");
        lab.Ovn.StopNorthbound();
        Assert.IsTrue(lab.Router.Has("10.0.0.20/32"), "ExaBGP keeps the dead plugin's routes");

        lab.ExaBgp.Hold(false);

        await lab.WaitRouteAsync("10.0.0.20/32", present: false, seconds: 15);
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "the live VIP stays");
        Assert.IsFalse(lab.Ovn.NbRunning, "decided without the Northbound");
    }

    /// <summary>Issue 11 defect 3, without a Northbound: onDatabaseLoss applies to routes inherited from the state file too.</summary>
    [TestMethod]
    public async Task PluginRestartedWhileSouthboundIsDown_WithdrawOnLoss_InheritedRoutesWithdrawnAfterGrace()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two),
            Config = new JsonObject
            {
                ["onDatabaseLoss"] = new JsonObject { ["action"] = "withdraw", ["graceSeconds"] = 2 },
                ["ovsdb"] = new JsonObject { ["maxBackoffSeconds"] = 0.5 },
            },
        });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        await KillPluginAndHoldItsRespawnAsync(lab);
        lab.Ovn.StopSouthbound();
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "ExaBGP keeps the dead plugin's routes");

        lab.ExaBgp.Hold(false);

        var took = await lab.WaitRouteAsync("10.0.0.10/32", present: false, seconds: 15);
        // The new plugin starts after the release: its grace cannot have run out before 2 s.
        Assert.IsGreaterThanOrEqualTo(1.8, took.TotalSeconds, $"withdrawn {took.TotalSeconds:0.00} s after the release: before the grace");
        lab.Ovn.StartSouthbound();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true, seconds: 15);
    }

    /// <summary>Issue 11 defect 5: a reload that moves routes.neighbors withdraws from the neighbor no longer listed.</summary>
    [TestMethod]
    public async Task SigHupMovingNeighbors_RouteLeavesTheOldRouterAndReachesTheNew()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two),
            SecondRouter = true,
            StartExaBgp = false,
        });
        var router2 = lab.Router2!;
        lab.WriteConfig(new JsonObject { ["routes"] = new JsonObject { ["neighbors"] = new JsonArray(lab.RouterAddress) } });
        lab.StartExaBgp();
        await lab.WaitRouteAsync(lab.Router, "10.0.0.10/32", present: true);
        await Wait.UntilAsync(router2.Established, TimeSpan.FromSeconds(15), "ExaBGP's session with the second router");
        // Bounded: the route went out to the first router alone, and must stay away from the second.
        await Task.Delay(500);
        Assert.IsFalse(router2.Has("10.0.0.10/32"), "announced to the listed neighbor only");

        lab.WriteConfig(new JsonObject { ["routes"] = new JsonObject { ["neighbors"] = new JsonArray(lab.Router2Address) } });
        lab.ExaBgp.SignalPlugin(1);

        await lab.WaitRouteAsync(router2, "10.0.0.10/32", present: true);
        await lab.WaitRouteAsync(lab.Router, "10.0.0.10/32", present: false, seconds: 5);
    }

    /// <summary>Issue 11 defect 6: a prefix newly outside allowedPrefixes goes at once, before any resubscription completes.</summary>
    [TestMethod]
    public async Task SigHupNarrowingAllowedPrefixesWithASilentNewSouthbound_ExcludedVipWithdrawnAtOnce()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn =>
            {
                ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two);
                ovn.AddLoadBalancer("lb2", "10.0.0.20:80", ["10.10.10.240:80"]);
            },
        });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        await lab.WaitRouteAsync("10.0.0.20/32", present: true);

        // 10.0.0.0/28 still holds 10.0.0.10 but no longer 10.0.0.20; nothing answers on the new remote.
        lab.WriteConfig(new JsonObject
        {
            ["ovsdb"] = new JsonObject { ["southbound"] = "unix:" + Path.Combine(lab.Directory, "nothing-listens-here.sock") },
            ["routes"] = new JsonObject { ["allowedPrefixes"] = new JsonArray("10.0.0.0/28", "fd00::/64") },
        });
        lab.ExaBgp.SignalPlugin(1);

        await lab.WaitRouteAsync("10.0.0.20/32", present: false, seconds: 5);
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "still allowed: held while the new Southbound is silent (onDatabaseLoss: hold)");
    }

    /// <summary>
    /// Issue 11 defect 10 (the flaky NorthboundTests.WithNorthbound_FollowsOvnsHealthCheckConfiguration),
    /// made deterministic: the Northbound's snapshot arrives while the Southbound's is still streaming,
    /// after the part holding the load balancers. Proxies stop the SB reply at 60 % and hold the NB
    /// reply until then.
    /// </summary>
    [TestMethod]
    public async Task NorthboundSnapshotWhileSouthboundStreams_CheckedVipWithoutMonitors_NeverAnnounced()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            // Without northd: the Southbound is filled by hand, with more rows than one streamed part.
            Ovn = new OvnOptions { Northd = false },
            Setup = ovn => ovn.AddLoadBalancer("unmapped", "10.0.0.12:80", ["10.10.10.230:80"], mappings: false),
            StartExaBgp = false,
        });
        string nbId = lab.Ovn.Nb("--bare", "--columns=_uuid", "find", "Load_Balancer", "name=unmapped").Trim();
        lab.Ovn.Sb("create", "Load_Balancer", "name=unmapped", "protocol=tcp", "vips={\"10.0.0.12:80\"=\"10.10.10.230:80\"}", $"external_ids:lb_id={nbId}");
        // VIPs 10.0.0.1-10.0.0.10, 15,000 Service_Monitor rows; the server sends Load_Balancer first.
        SouthboundLoad.Fill(lab.Ovn.SbSocket, balancers: 10, backendsPerBalancer: 1500);
        var proxyAddress = IPAddress.Parse(lab.Net + ".9");
        using var sb = new TcpProxy(proxyAddress, 16650, new IPEndPoint(IPAddress.Parse(lab.Ovn.Address), lab.Ovn.SbTcpPort));
        using var nb = new TcpProxy(proxyAddress, 16651, new IPEndPoint(IPAddress.Parse(lab.Ovn.Address), lab.Ovn.NbTcpPort));
        lab.WriteConfig(new JsonObject
        {
            ["ovsdb"] = new JsonObject { ["southbound"] = sb.Remote, ["northbound"] = nb.Remote, ["probeIntervalSeconds"] = 30 },
        });
        // How much the Southbound sends for one complete snapshot.
        Tool.Run(PluginBinary.Path, ["snapshot", "--config", lab.ConfigPath]);
        long reply = sb.ServerToClientBytes;

        nb.PauseAfter(0);
        sb.PauseAfter(reply * 6 / 10);
        using var plugin = PluginProcess.Start(lab.ConfigPath);
        await Wait.UntilAsync(() => sb.Paused, TimeSpan.FromSeconds(20), "the Southbound reply to stop at 60 %");
        await WaitIdleAsync(plugin);
        nb.Resume();
        await plugin.WaitForLogAsync("ovsdb snapshot complete from " + nb.Remote);
        sb.Resume();

        await plugin.WaitForCommandAsync(l => l.Contains("10.0.0.1/32", StringComparison.Ordinal), 20);
        Assert.IsFalse(plugin.Commands.Any(c => c.Line.Contains("announce", StringComparison.Ordinal) && c.Line.Contains("10.0.0.12/32", StringComparison.Ordinal)),
            $"checked without ip_port_mappings: OVN forwards to no backend (commands: {string.Join(" | ", plugin.Commands.Select(c => c.Line))})");
    }

    /// <summary>Waits until the plugin has used no CPU for 300 ms: it has parsed what reached it.</summary>
    private static Task<TimeSpan> WaitIdleAsync(PluginProcess plugin)
    {
        var clock = Stopwatch.StartNew();
        double last = -1;
        var since = TimeSpan.Zero;
        return Wait.UntilAsync(() =>
        {
            double cpu = plugin.CpuSeconds;
            if (cpu != last)
            {
                last = cpu;
                since = clock.Elapsed;
                return false;
            }

            return clock.Elapsed - since >= TimeSpan.FromMilliseconds(300);
        }, TimeSpan.FromSeconds(20), "the plugin to go idle", pollMilliseconds: 50);
    }

    /// <summary>SIGKILLs the plugin; ExaBGP respawns it, held until <see cref="ExaBgpSpeaker.Hold"/>(false).</summary>
    private static async Task KillPluginAndHoldItsRespawnAsync(LabEnvironment lab)
    {
        int killed = lab.ExaBgp.PluginPid!.Value;
        lab.ExaBgp.Hold(true);
        lab.ExaBgp.SignalPlugin(9);
        await Wait.UntilAsync(() => lab.ExaBgp.WrapperPid is { } w && w != killed, TimeSpan.FromSeconds(10), "ExaBGP to respawn the plugin");
    }

    private static Task<TimeSpan> WaitLogAsync(LabEnvironment lab, string fragment, double seconds = 10) =>
        Wait.UntilAsync(() => lab.ExaBgp.PluginLog().Contains(fragment, StringComparison.Ordinal), TimeSpan.FromSeconds(seconds),
            () => $"\"{fragment}\" in the plugin log (last lines: {string.Join(" | ", lab.ExaBgp.PluginLog().Split('\n').TakeLast(8))})");
}
