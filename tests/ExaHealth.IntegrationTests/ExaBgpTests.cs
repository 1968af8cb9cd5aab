using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>The ExaBGP side with the real ExaBGP 4.2: acks, neighbor events, IPv6 next-hops.</summary>
[TestClass]
public sealed class ExaBgpTests
{
    private static LabOptions Options(JsonObject? config = null) => new()
    {
        Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
        Config = config,
    };

    [TestMethod]
    public async Task RouterRestarted_NeighborUpResendsAndRouteIsBack()
    {
        using var lab = LabEnvironment.Start(Options());
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        lab.RestartRouter();

        await lab.WaitRouteAsync("10.0.0.10/32", present: true, seconds: 20);
        await Wait.UntilAsync(() => lab.ExaBgp.PluginLog().Split('\n').Count(l => l.Contains($"neighbor {lab.RouterAddress} up", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(10), "a second neighbor up event");
        await Wait.UntilAsync(() => File.ReadAllLines(lab.ExaBgp.ExaBgpLogPath).Count(l => l.Contains("route added", StringComparison.Ordinal) && l.Contains("10.0.0.10/32", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(10), "ExaBGP to take the re-announce after the session came back");
    }

    [TestMethod]
    public async Task NeighborThatDoesNotExist_ExaBgpRefuses_PluginLogsTheCommandAndGoesOn()
    {
        using var lab = LabEnvironment.Start(Options(new JsonObject { ["routes"] = new JsonObject { ["neighbors"] = new JsonArray("192.0.2.99") } }));

        await Wait.UntilAsync(() => lab.ExaBgp.PluginLog().Contains("exabgp refused command: neighbor 192.0.2.99 announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the refused command in the plugin log");
        Assert.IsFalse(lab.Router.Has("10.0.0.10/32"));
        Assert.IsTrue(Daemon.IsAlive(lab.ExaBgp.PluginPid!.Value));
    }

    [TestMethod]
    public async Task ManyFlipsInARow_EachReachesTheRouterWellWithinTheAckTimeout()
    {
        using var lab = LabEnvironment.Start(Options());
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        lab.Ovn.SetStatus("10.10.10.226", "offline");

        for (int i = 0; i < 30; i++)
        {
            lab.Ovn.SetStatus("10.10.10.227", "offline");
            await lab.WaitRouteAsync("10.0.0.10/32", present: false, seconds: 2);
            lab.Ovn.SetStatus("10.10.10.227", "online");
            await lab.WaitRouteAsync("10.0.0.10/32", present: true, seconds: 2);
        }

        Assert.DoesNotContain("did not answer", lab.ExaBgp.PluginLog(), "every ack was paired with its command");
    }

    [TestMethod]
    public async Task AcksOff_CommandsStillReachTheRouter()
    {
        using var lab = LabEnvironment.Start(Options() with { Ack = false });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");

        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
        Assert.DoesNotContain("did not answer", lab.ExaBgp.PluginLog());
    }

    [TestMethod]
    public async Task TextEncoder_NeighborEventsUnderstood()
    {
        using var lab = LabEnvironment.Start(Options() with { Encoder = "text" });
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        await Wait.UntilAsync(() => lab.ExaBgp.PluginLog().Contains($"neighbor {lab.RouterAddress} up", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the text-encoded up event");
    }
}
