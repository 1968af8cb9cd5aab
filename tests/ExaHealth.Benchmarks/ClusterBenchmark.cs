using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExaHealth.Lab;

namespace ExaHealth.Benchmarks;

/// <summary>
/// Issue 4's figures on a 3-member Raft Southbound: kill -9 of the leader the plugin is on
/// (ovsdb.leaderOnly) to the plugin holding a complete state again; and, on 10,000
/// Service_Monitor rows, a resumed monitor (monitor_cond_since found the last transaction) versus
/// a full snapshot, both as the plugin logs them.
/// </summary>
internal static partial class ClusterBenchmark
{
    public static int Run(int runs)
    {
        Console.WriteLine($"exahealth cluster benchmark: {PluginBinary.Path}");
        var failover = LeaderFailover(runs);
        var (full, resumed, rows) = ResumeVersusSnapshot(runs);

        Console.WriteLine();
        Console.WriteLine("| figure | median | p90 | min | max | n |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Stats.Row("leader kill -9 -> plugin converged on the new leader (ms)", failover);
        Stats.Row($"full snapshot, {rows} Service_Monitor rows (ms, plugin's own timing)", full);
        Stats.Row($"resumed monitor after a partition, {rows} rows, 6 missed changes (ms)", resumed);
        return 0;
    }

    private static List<double> LeaderFailover(int runs)
    {
        using var lab = LabEnvironment.Start(new LabOptions { Ovn = new OvnOptions { SouthboundMembers = 3, Northd = false }, StartExaBgp = false });
        SouthboundLoad.Fill(lab.Ovn.MemberSocket(lab.Ovn.Leader()), 10, 5);
        WriteConfig(lab, lab.Ovn.SbTcpRemote, leaderOnly: true);
        using var plugin = PluginProcess.Start(lab.ConfigPath);
        plugin.WaitForLogAsync("snapshot complete").GetAwaiter().GetResult();
        var results = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            int leader = lab.Ovn.Leader();
            int before = Converged(plugin).Count;
            var killedAt = DateTime.UtcNow;
            lab.Ovn.StopMember(leader, kill: true);
            Wait.UntilAsync(() => Converged(plugin).Count > before, TimeSpan.FromSeconds(30), "the plugin to converge").GetAwaiter().GetResult();
            results.Add((Converged(plugin)[^1] - killedAt).TotalMilliseconds);
            lab.Ovn.StartMember(leader);
            Thread.Sleep(3000);
        }

        return results;
    }

    private static (List<double> Full, List<double> Resumed, int Rows) ResumeVersusSnapshot(int runs)
    {
        const int balancers = 2000, backends = 5;
        using var lab = LabEnvironment.Start(new LabOptions { Ovn = new OvnOptions { SouthboundMembers = 3, Northd = false }, StartExaBgp = false });
        string leaderSocket = lab.Ovn.MemberSocket(lab.Ovn.Leader());
        SouthboundLoad.Fill(leaderSocket, balancers, backends);
        using var path = new TcpProxy(IPAddress.Parse(lab.Net + ".9"), 16650, new IPEndPoint(IPAddress.Parse(lab.Ovn.Address), lab.Ovn.SbTcpPort));
        WriteConfig(lab, path.Remote, leaderOnly: false);

        var full = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            using var fresh = PluginProcess.Start(lab.ConfigPath);
            fresh.WaitForLogAsync("snapshot complete", 60).GetAwaiter().GetResult();
            full.Add(Milliseconds(fresh, "snapshot complete"));
            fresh.CloseInput();
            fresh.WaitForExit(TimeSpan.FromSeconds(5));
        }

        var resumed = new List<double>();
        using var plugin = PluginProcess.Start(lab.ConfigPath);
        plugin.WaitForLogAsync("snapshot complete", 60).GetAwaiter().GetResult();
        using var db = new OvsdbTransactor(leaderSocket);
        for (int i = 0; i < runs; i++)
        {
            db.Transact("OVN_Southbound", [SouthboundLoad.SetStatus(i, "offline"), SouthboundLoad.SetStatus(i + 100, "offline"), SouthboundLoad.SetStatus(i + 200, "offline")]);
            Thread.Sleep(200);
            path.Cut();
            db.Transact("OVN_Southbound", [SouthboundLoad.SetStatus(i, "online"), SouthboundLoad.SetStatus(i + 100, "online"), SouthboundLoad.SetStatus(i + 200, "online")]);
            int before = plugin.Log.Count(l => l.Contains("resumed the monitor", StringComparison.Ordinal));
            path.Restore();
            Wait.UntilAsync(() => plugin.Log.Count(l => l.Contains("resumed the monitor", StringComparison.Ordinal)) > before || plugin.Log.Count(l => l.Contains("snapshot complete", StringComparison.Ordinal)) > i + 1,
                TimeSpan.FromSeconds(30), "the reconnect").GetAwaiter().GetResult();
            if (plugin.Log.Count(l => l.Contains("resumed the monitor", StringComparison.Ordinal)) == before)
            {
                Console.WriteLine("  reconnect did not resume (history dropped); a full snapshot was taken");
                continue;
            }

            resumed.Add(Milliseconds(plugin, "resumed the monitor"));
        }

        return (full, resumed, balancers * backends);
    }

    private static void WriteConfig(LabEnvironment lab, string southbound, bool leaderOnly) => lab.WriteConfig(new JsonObject
    {
        ["ovsdb"] = new JsonObject { ["southbound"] = southbound, ["leaderOnly"] = leaderOnly, ["maxBackoffSeconds"] = 0.5, ["probeIntervalSeconds"] = 1 },
        ["routes"] = new JsonObject { ["allowedPrefixes"] = new JsonArray("10.0.0.0/8") },
        ["logging"] = new JsonObject { ["level"] = "Information" },
    });

    /// <summary>When the plugin logged a complete state (snapshot or resume).</summary>
    private static List<DateTime> Converged(PluginProcess plugin) =>
        [.. plugin.Log.Where(l => l.Contains("snapshot complete", StringComparison.Ordinal) || l.Contains("resumed the monitor", StringComparison.Ordinal))
            .Select(l => DateTime.Parse(l[..24], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal))];

    private static double Milliseconds(PluginProcess plugin, string fragment) =>
        double.Parse(Duration().Match(plugin.Log.Last(l => l.Contains(fragment, StringComparison.Ordinal))).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"in ([0-9.]+) ms")]
    private static partial Regex Duration();
}
