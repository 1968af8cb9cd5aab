using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>onDatabaseLoss against a real standalone Southbound that goes away and comes back.</summary>
[TestClass]
public sealed class DatabaseLossTests
{
    private static LabOptions Options(JsonObject? config = null) => new()
    {
        Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
        Config = config,
    };

    [TestMethod]
    public async Task Hold_TenRestartsInARow_NoWithdrawEverSent()
    {
        using var lab = LabEnvironment.Start(Options(new JsonObject { ["ovsdb"] = new JsonObject { ["maxBackoffSeconds"] = 0.5 } }));
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        int absent = 0;
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                absent += lab.Router.Has("10.0.0.10/32") ? 0 : 1;
                await Task.Delay(50);
            }
        });

        for (int i = 0; i < 10; i++)
        {
            lab.Ovn.StopSouthbound();
            await Task.Delay(300);
            lab.Ovn.StartSouthbound();
            int snapshots = i + 2;
            await Wait.UntilAsync(() => Count(lab, "snapshot complete") >= snapshots, TimeSpan.FromSeconds(10), $"snapshot {snapshots}");
        }

        await stop.CancelAsync();
        await poller;
        Assert.AreEqual(0, absent, "the VIP left the RIB");
        Assert.AreEqual(0, File.ReadAllLines(lab.ExaBgp.ExaBgpLogPath).Count(l => l.Contains("route removed", StringComparison.Ordinal)), "ExaBGP got a withdraw");
    }

    [TestMethod]
    public async Task Withdraw_AfterGraceRoutesGo_BackWhenTheDatabaseReturns()
    {
        using var lab = LabEnvironment.Start(Options(new JsonObject
        {
            ["onDatabaseLoss"] = new JsonObject { ["action"] = "withdraw", ["graceSeconds"] = 2 },
            ["ovsdb"] = new JsonObject { ["maxBackoffSeconds"] = 0.5 },
        }));
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        lab.Ovn.StopSouthbound();
        await Task.Delay(1000);
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "still within the grace period");
        await lab.WaitRouteAsync("10.0.0.10/32", present: false, seconds: 5);
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "withdrawing every route (onDatabaseLoss: withdraw)");

        lab.Ovn.StartSouthbound();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true, seconds: 10);
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "southbound back after");
    }

    private static int Count(LabEnvironment lab, string fragment) =>
        lab.ExaBgp.PluginLog().Split('\n').Count(l => l.Contains(fragment, StringComparison.Ordinal));
}
