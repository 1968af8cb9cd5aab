using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// With ovsdb.northbound, which VIPs are monitored comes from OVN's own health-check configuration
/// instead of being inferred from Service_Monitor rows; read from GoBGP's RIB.
/// </summary>
[TestClass]
public sealed class NorthboundTests
{
    private static LabOptions Options(bool northbound) => new()
    {
        Setup = ovn =>
        {
            // Checked, with Service_Monitor rows.
            ovn.AddLoadBalancer("checked", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]);
            // Not checked: OVN forwards to its backends whatever their status, although the same
            // (ip, port, protocol) has rows through "checked".
            ovn.AddLoadBalancer("unchecked", "10.0.0.11:80", ["10.10.10.226:80"], healthCheck: false);
            // Checked, but without ip_port_mappings: no rows, and northd leaves every backend out.
            ovn.AddLoadBalancer("unmapped", "10.0.0.12:80", ["10.10.10.230:80"], mappings: false);
        },
        StartExaBgp = false,
    };

    [TestMethod]
    public async Task WithNorthbound_FollowsOvnsHealthCheckConfiguration()
    {
        using var lab = LabEnvironment.Start(Options(northbound: true));
        lab.WriteConfig(new JsonObject { ["ovsdb"] = new JsonObject { ["northbound"] = "unix:" + lab.Ovn.NbSocket } });
        lab.StartExaBgp();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        await lab.WaitRouteAsync("10.0.0.11/32", present: true);
        var unmapped = await DecidedWithNorthboundAsync(lab, "10.0.0.12/32");
        Assert.AreEqual("withdrawn", unmapped["state"]?.GetValue<string>(), $"a checked VIP without monitors has no backend in OVN: withdrawn (status: {unmapped.ToJsonString()})");
        Assert.IsFalse(lab.Router.Has("10.0.0.12/32"));
        // The first decision waited for the NB: the VIP was never announced, so never flapped.
        Assert.IsFalse(lab.ExaBgp.PluginLog().Contains("vip 10.0.0.12/32 announced", StringComparison.Ordinal), lab.ExaBgp.PluginLog());

        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");

        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
        await Task.Delay(300);
        Assert.IsTrue(lab.Router.Has("10.0.0.11/32"), "OVN still forwards the unchecked VIP to 10.10.10.226");
    }

    /// <summary>The status file's row for <paramref name="vip"/>, once the file says the Northbound has delivered its snapshot.</summary>
    private static async Task<JsonNode> DecidedWithNorthboundAsync(LabEnvironment lab, string vip)
    {
        string file = Path.Combine(lab.Directory, "state", "status.json");
        JsonNode? row = null;
        await Wait.UntilAsync(() =>
        {
            JsonNode? status;
            try
            {
                status = JsonNode.Parse(File.ReadAllText(file));
            }
            catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
            {
                return false;
            }

            row = status?["northbound"]?["lastSnapshot"] is null ? null
                : status["vips"]?.AsArray().FirstOrDefault(v => v?["vip"]?.GetValue<string>() == vip);
            return row is not null;
        }, TimeSpan.FromSeconds(10), () => $"{vip} in {file} after the Northbound's snapshot (plugin log: {string.Join(" | ", lab.ExaBgp.PluginLog().Split('\n').TakeLast(8))})");
        return row!;
    }

    [TestMethod]
    public async Task WithNorthbound_HealthCheckAddedLater_VipBecomesMonitored()
    {
        using var lab = LabEnvironment.Start(Options(northbound: true));
        lab.WriteConfig(new JsonObject { ["ovsdb"] = new JsonObject { ["northbound"] = "unix:" + lab.Ovn.NbSocket } });
        lab.StartExaBgp();
        await lab.WaitRouteAsync("10.0.0.11/32", present: true);
        // Until the Northbound has synced, the Southbound alone decides, and 10.10.10.226's rows would count.
        await DecidedWithNorthboundAsync(lab, "10.0.0.11/32");
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        await Task.Delay(300);
        Assert.IsTrue(lab.Router.Has("10.0.0.11/32"));

        lab.Ovn.Nb("--id=@hc", "create", "Load_Balancer_Health_Check", "vip=\"10.0.0.11:80\"", "--", "add", "Load_Balancer", "unchecked", "health_check", "@hc");

        await lab.WaitRouteAsync("10.0.0.11/32", present: false);
    }

    [TestMethod]
    public async Task WithoutNorthbound_MonitoringIsInferredFromRows()
    {
        using var lab = LabEnvironment.Start(Options(northbound: false));
        lab.StartExaBgp();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        await lab.WaitRouteAsync("10.0.0.12/32", present: true, seconds: 5);

        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");

        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
        await lab.WaitRouteAsync("10.0.0.11/32", present: false);
        Assert.IsTrue(lab.Router.Has("10.0.0.12/32"), "no rows: unmonitored, announced (policy.unmonitored)");
    }
}
