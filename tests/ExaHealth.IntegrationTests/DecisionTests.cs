using System.Diagnostics;
using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// Issue 3 against real OVN, ExaBGP and GoBGP: restart reconciliation, degraded attributes,
/// the maintenance file, dampening and SIGHUP reloads, each read from the router's RIB.
/// </summary>
[TestClass]
public sealed class DecisionTests
{
    private static readonly string[] Two = ["10.10.10.226:80", "10.10.10.227:80"];

    [TestMethod]
    public async Task PluginKilledWhileItsLoadBalancerIsDeleted_StaleRouteWithdrawnAfterRespawn()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn =>
            {
                ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two);
                ovn.AddLoadBalancer("lb2", "10.0.0.20:80", ["10.10.10.240:80"]);
            },
        });
        await lab.WaitRouteAsync("10.0.0.20/32", present: true);
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        int killed = lab.ExaBgp.PluginPid!.Value;

        lab.ExaBgp.Hold(true);
        lab.ExaBgp.SignalPlugin(9);
        await Wait.UntilAsync(() => lab.ExaBgp.WrapperPid is { } w && w != killed, TimeSpan.FromSeconds(10), "ExaBGP to respawn the plugin");
        lab.Ovn.DeleteLoadBalancer("lb2");
        await Wait.UntilAsync(() => !lab.Ovn.Sb("--bare", "--columns=name", "list", "Load_Balancer").Contains("lb2", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "northd to delete lb2 from the Southbound");
        Assert.IsTrue(lab.Router.Has("10.0.0.20/32"), "ExaBGP keeps the dead plugin's routes");

        var clock = Stopwatch.StartNew();
        lab.ExaBgp.Hold(false);
        await lab.WaitRouteAsync("10.0.0.20/32", present: false);
        Console.WriteLine($"respawn to reconciled RIB: {clock.ElapsedMilliseconds} ms");

        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "the live VIP stays");
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "restart reconciliation: 2 routes announced by a previous incarnation, 1 withdrawn");
    }

    [TestMethod]
    public async Task DegradedVip_WorseMedAndLongerPathInTheRib_NormalAfterRecovery()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80", "10.10.10.228:80"]),
            Config = new JsonObject
            {
                ["routes"] = new JsonObject { ["localAs"] = 65000, ["med"] = 10 },
                ["policy"] = new JsonObject { ["degraded"] = new JsonObject { ["belowOnline"] = 2, ["med"] = 500, ["asPathPrepend"] = 2 } },
            },
        });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        Assert.AreEqual((10, 1), MedAndPathLength(lab));

        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");

        await Wait.UntilAsync(() => MedAndPathLength(lab) == (500, 3), TimeSpan.FromSeconds(10), "the degraded attributes in GoBGP's RIB");
        lab.Ovn.SetStatus("10.10.10.227", "online");
        await Wait.UntilAsync(() => MedAndPathLength(lab) == (10, 1), TimeSpan.FromSeconds(10), "the normal attributes back");
    }

    [TestMethod]
    public async Task DisableFile_DrainsTheSiteAndRemovalRestores()
    {
        string disable = Path.Combine(LabEnvironment.Root, $"disable-{Environment.ProcessId}-{Guid.NewGuid():N}");
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two),
            Config = new JsonObject
            {
                ["maintenance"] = new JsonObject { ["disableFile"] = disable },
                ["policy"] = new JsonObject { ["interval"] = 0.5 },
            },
        });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        File.WriteAllText(disable, string.Empty);
        await lab.WaitRouteAsync("10.0.0.10/32", present: false, seconds: 5);
        lab.Ovn.SetStatus("10.10.10.226", "online");
        await Task.Delay(500);
        Assert.IsFalse(lab.Router.Has("10.0.0.10/32"), "health changes do not undo the drain");

        File.Delete(disable);
        await lab.WaitRouteAsync("10.0.0.10/32", present: true, seconds: 5);
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "every route is withdrawn");
    }

    [TestMethod]
    public async Task FlappingBackend_SuppressedThenReleased()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80"]),
            Config = new JsonObject
            {
                ["policy"] = new JsonObject
                {
                    ["dampening"] = new JsonObject { ["penalty"] = 1000, ["halfLifeSeconds"] = 2, ["suppressAbove"] = 2500, ["reuseBelow"] = 800, ["maxSuppressSeconds"] = 60 },
                },
            },
        });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        for (int i = 0; i < 3; i++)
        {
            lab.Ovn.SetStatus("10.10.10.226", "offline");
            await lab.WaitRouteAsync("10.0.0.10/32", present: false);
            lab.Ovn.SetStatus("10.10.10.226", "online");
            if (i < 2)
            {
                await lab.WaitRouteAsync("10.0.0.10/32", present: true);
            }
        }

        await Task.Delay(1000);
        Assert.IsFalse(lab.Router.Has("10.0.0.10/32"), "held withdrawn while the penalty is high, although healthy");
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "held withdrawn by dampening");

        await lab.WaitRouteAsync("10.0.0.10/32", present: true, seconds: 10);
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "released by dampening");
    }

    [TestMethod]
    public async Task SigHupWithInvalidFile_KeepsEverythingRunning()
    {
        using var lab = LabEnvironment.Start(new LabOptions { Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two) });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        int pid = lab.ExaBgp.PluginPid!.Value;

        File.WriteAllText(lab.ConfigPath, """{ "ovsdb": { "southbound": "unix:/nowhere" }, "policy": { "withdrawWhen": "never" } }""");
        lab.ExaBgp.SignalPlugin(1);

        await Wait.UntilAsync(() => lab.ExaBgp.PluginLog().Contains("the new configuration is invalid", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the refusal");
        Assert.AreEqual(pid, lab.ExaBgp.PluginPid);
        Assert.IsTrue(Daemon.IsAlive(pid));
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"));
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");
        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
    }

    [TestMethod]
    public async Task SigHupWithChangedMed_ReannouncesWithTheNewMed()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", Two),
            Config = new JsonObject { ["routes"] = new JsonObject { ["med"] = 10 } },
        });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        Assert.AreEqual(10, MedAndPathLength(lab).Med);

        lab.WriteConfig(new JsonObject { ["routes"] = new JsonObject { ["med"] = 77 } });
        lab.ExaBgp.SignalPlugin(1);

        await Wait.UntilAsync(() => MedAndPathLength(lab).Med == 77, TimeSpan.FromSeconds(5), "MED 77 in GoBGP's RIB");
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "configuration reloaded");
    }

    /// <summary>MED (attribute type 4) and AS path length of 10.0.0.10/32 as GoBGP holds it; (-1, -1) when absent.</summary>
    private static (int Med, int PathLength) MedAndPathLength(LabEnvironment lab)
    {
        if (!lab.Router.Rib().TryGetValue("10.0.0.10/32", out var paths))
        {
            return (-1, -1);
        }

        int med = -1, length = 0;
        foreach (var attribute in paths[0].GetProperty("attrs").EnumerateArray())
        {
            switch (attribute.GetProperty("type").GetInt32())
            {
                case 4:
                    med = attribute.GetProperty("metric").GetInt32();
                    break;
                case 2:
                    length = attribute.GetProperty("as_paths").EnumerateArray().Sum(s => s.GetProperty("asns").GetArrayLength());
                    break;
            }
        }

        return (med, length);
    }
}
