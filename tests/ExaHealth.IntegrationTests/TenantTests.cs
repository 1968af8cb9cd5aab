using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// Two tenants with overlapping subnets: two load balancers in two logical switches, each with a
/// backend 192.168.0.5:80 behind its own logical port, so ovn-northd writes two Service_Monitor rows
/// with the same (ip, port, protocol). Read from GoBGP's RIB.
/// </summary>
[TestClass]
public sealed class TenantTests
{
    private static LabOptions Options() => new()
    {
        Setup = ovn =>
        {
            ovn.AddLoadBalancer("tenant-a", "10.0.0.10:80", ["192.168.0.5:80", "192.168.0.6:80"]);
            ovn.AddLoadBalancer("tenant-b", "10.0.0.11:80", ["192.168.0.5:80", "192.168.0.6:80"]);
        },
        StartExaBgp = false,
    };

    [TestMethod]
    public async Task WithNorthbound_OneTenantsBackendsOffline_OnlyItsVipWithdrawn()
    {
        using var lab = LabEnvironment.Start(Options());
        lab.WriteConfig(new JsonObject { ["ovsdb"] = new JsonObject { ["northbound"] = "unix:" + lab.Ovn.NbSocket } });
        lab.StartExaBgp();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        await lab.WaitRouteAsync("10.0.0.11/32", present: true);
        await WaitNorthboundSyncedAsync(lab);

        SetTenantStatus(lab, "tenant-b", "offline");

        await lab.WaitRouteAsync("10.0.0.11/32", present: false);
        Assert.IsTrue(lab.Router.Has("10.0.0.10/32"), "tenant A's backends are online: its VIP stays");
    }

    [TestMethod]
    public async Task WithoutNorthbound_OneTenantsBackendsOffline_NoVipAnnouncedOnTheOthersHealth()
    {
        using var lab = LabEnvironment.Start(Options());
        lab.StartExaBgp();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        await lab.WaitRouteAsync("10.0.0.11/32", present: true);

        SetTenantStatus(lab, "tenant-b", "offline");

        // Which row is whose cannot be known without the Northbound: each backend counts online only
        // if every candidate row is, so both VIPs leave rather than one living on the other's health.
        await lab.WaitRouteAsync("10.0.0.11/32", present: false);
        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
    }

    /// <summary>Every Service_Monitor row of one tenant's logical ports (the harness names them lsp-NAME-IP).</summary>
    private static void SetTenantStatus(LabEnvironment lab, string tenant, string status)
    {
        foreach (var ip in new[] { "192.168.0.5", "192.168.0.6" })
        {
            string port = $"lsp-{tenant}-{ip.Replace('.', '-')}";
            string uuid = lab.Ovn.Sb("--bare", "--columns=_uuid", "find", "Service_Monitor", $"logical_port=\"{port}\"").Trim();
            Assert.IsFalse(string.IsNullOrEmpty(uuid), $"northd wrote a Service_Monitor row for {port}");
            lab.Ovn.Sb("set", "Service_Monitor", uuid, $"status={status}");
        }
    }

    /// <summary>Until the Northbound has synced the Southbound alone decides: wait for the status file to show it refining.</summary>
    private static async Task WaitNorthboundSyncedAsync(LabEnvironment lab)
    {
        string file = Path.Combine(lab.Directory, "state", "status.json");
        await Wait.UntilAsync(() =>
        {
            try
            {
                var status = JsonNode.Parse(File.ReadAllText(file));
                return status?["northbound"]?["lastSnapshot"] is not null && status["northbound"]?["ignored"] is null;
            }
            catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), () => $"the Northbound synced in {file}");
    }
}
