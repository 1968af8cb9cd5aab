using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// A 3-member Raft Southbound with ovn-northd: members and leaders die, the VIP must stay in
/// GoBGP's RIB throughout, and changes made after the failover must still reach it.
/// </summary>
[TestClass]
public sealed partial class ClusterTests
{
    private static LabOptions Options(JsonObject? config = null) => new()
    {
        Ovn = new OvnOptions { SouthboundMembers = 3 },
        Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
        Tcp = true,
        Config = config,
    };

    [TestMethod]
    public async Task ConnectedMemberKilled_VipStaysAndLaterChangesArrive()
    {
        using var lab = LabEnvironment.Start(Options());
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        await FailOverAndCheckAsync(lab, ConnectedMember(lab));
    }

    [TestMethod]
    public async Task LeaderKilled_VipStaysAndLaterChangesArrive()
    {
        using var lab = LabEnvironment.Start(Options());
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        await FailOverAndCheckAsync(lab, lab.Ovn.Leader());
    }

    [TestMethod]
    public async Task LeaderOnly_SettlesOnTheLeader()
    {
        using var lab = LabEnvironment.Start(Options(new JsonObject { ["ovsdb"] = new JsonObject { ["leaderOnly"] = true } }));
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        Assert.AreEqual(lab.Ovn.Leader(), ConnectedMember(lab));
    }

    [TestMethod]
    public async Task Relay_ServesThePlugin()
    {
        using var lab = LabEnvironment.Start(Options() with { StartExaBgp = false });
        string relay = lab.Ovn.StartRelay();
        lab.WriteConfig(new JsonObject { ["ovsdb"] = new JsonObject { ["southbound"] = relay } });
        lab.StartExaBgp();
        await lab.WaitRouteAsync("10.0.0.10/32", present: true);

        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");

        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "ovsdb connected to " + relay);
    }

    /// <summary>Kills <paramref name="member"/>; the VIP must not leave the RIB for 10 s (polled every 50 ms); then a change must arrive within 3 s.</summary>
    private static async Task FailOverAndCheckAsync(LabEnvironment lab, int member)
    {
        Assert.IsGreaterThanOrEqualTo(0, member);
        int absent = 0;
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!lab.Router.Has("10.0.0.10/32"))
                {
                    Interlocked.Increment(ref absent);
                }

                await Task.Delay(50);
            }
        });

        var clock = Stopwatch.StartNew();
        lab.Ovn.StopMember(member, kill: true);
        await Task.Delay(TimeSpan.FromSeconds(10) - clock.Elapsed);
        await stop.CancelAsync();
        await poller;
        Assert.AreEqual(0, absent, "the VIP left the RIB during the failover");

        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");
        var took = await lab.WaitRouteAsync("10.0.0.10/32", present: false, seconds: 3);
        Console.WriteLine($"change after failover reached the RIB in {took.TotalMilliseconds:0} ms");
        Assert.AreNotEqual(member, ConnectedMember(lab), "moved to another member");
    }

    /// <summary>The member the plugin is connected to now, from its log.</summary>
    private static int ConnectedMember(LabEnvironment lab)
    {
        var match = Connected().Matches(lab.ExaBgp.PluginLog()).LastOrDefault() ?? throw new AssertFailedException("no connection in the plugin log");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) - lab.Ovn.SbTcpPort;
    }

    [GeneratedRegex(@"ovsdb connected to tcp:[0-9.]+:(\d+)")]
    private static partial Regex Connected();
}
