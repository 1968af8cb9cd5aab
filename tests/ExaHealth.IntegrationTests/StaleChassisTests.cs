using System.Globalization;
using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// policy.staleChassis on real OVN: the lab's backends are bound to a chassis no ovn-controller runs
/// for, which is exactly what a dead hypervisor looks like (its Service_Monitor rows keep saying
/// online). Deleting its Chassis row, or bumping nb_cfg that it never answers, withdraws the VIP in
/// GoBGP's RIB; without the guard the same steps change nothing.
/// </summary>
[TestClass]
public sealed class StaleChassisTests
{
    private const string Chassis = "fake-chassis";

    private static LabOptions Options(bool guard) => new()
    {
        Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
        Config = guard ? new JsonObject { ["policy"] = new JsonObject { ["staleChassis"] = new JsonObject { ["seconds"] = 2 } } } : null,
    };

    [TestMethod]
    public async Task ChassisDeleted_WithTheGuard_VipWithdrawnWhileRowsSayOnline()
    {
        using var lab = LabEnvironment.Start(Options(guard: true));
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        lab.Ovn.Sb("chassis-del", Chassis);

        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
        // Deleting the Chassis row clears Port_Binding.chassis (a weak reference) in the same transaction.
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "bound to no chassis");
        await Task.Delay(3000);
        var statuses = Statuses(lab);
        Assert.IsFalse(lab.Router.Has("10.0.0.10/32"), $"still withdrawn 3 s later (Service_Monitor statuses now: {string.Join(',', statuses)})");
    }

    [TestMethod]
    public async Task ChassisDeleted_WithoutTheGuard_NothingChanges()
    {
        using var lab = LabEnvironment.Start(Options(guard: false));
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        lab.Ovn.Sb("chassis-del", Chassis);
        await Task.Delay(1500);

        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "the black hole the guard exists for");
    }

    [TestMethod]
    public async Task NbCfgBumpUnanswered_WithdrawnAfterThePatience_BackWhenAnswered()
    {
        using var lab = LabEnvironment.Start(Options(guard: true));
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        long current = long.Parse(lab.Ovn.Sb("get", "SB_Global", ".", "nb_cfg").Trim(), CultureInfo.InvariantCulture);
        EnsureChassisPrivate(lab, current);
        await Task.Delay(500);
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "level with SB_Global: fresh");

        var bumped = DateTime.UtcNow;
        lab.Ovn.Nb("set", "NB_Global", ".", $"nb_cfg={current + 1}");
        await lab.WaitRouteAsync("10.0.0.10/32", present: false, seconds: 10);
        var after = DateTime.UtcNow - bumped;
        Assert.IsTrue(after >= TimeSpan.FromSeconds(1.9), $"withdrawn {after.TotalSeconds:0.00} s after the bump: not before the patience of 2 s");
        StringAssert.Contains(lab.ExaBgp.PluginLog(), $"chassis {Chassis} stale (Chassis_Private.nb_cfg {current} behind SB_Global.nb_cfg {current + 1}");

        // What a live ovn-controller does within ~0.2 s of the bump.
        lab.Ovn.Sb("set", "Chassis_Private", Chassis, $"nb_cfg={current + 1}");
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
    }

    private static string[] Statuses(LabEnvironment lab) =>
        lab.Ovn.Sb("--bare", "--columns=status", "list", "Service_Monitor").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // ovn-sbctl chassis-add writes no Chassis_Private on every release; ovn-controller would.
    private static void EnsureChassisPrivate(LabEnvironment lab, long nbCfg)
    {
        if (lab.Ovn.Sb("--bare", "--columns=name", "find", "Chassis_Private", $"name={Chassis}").Trim().Length == 0)
        {
            var chassis = lab.Ovn.Sb("--bare", "--columns=_uuid", "find", "Chassis", $"name={Chassis}").Trim();
            lab.Ovn.Sb("create", "Chassis_Private", $"name={Chassis}", $"chassis={chassis}", $"nb_cfg={nbCfg}");
        }
        else
        {
            lab.Ovn.Sb("set", "Chassis_Private", Chassis, $"nb_cfg={nbCfg}");
        }
    }
}
