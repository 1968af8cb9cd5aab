using System.Diagnostics;
using ExaHealth.Lab;

namespace ExaHealth.Benchmarks;

/// <summary>
/// The figures of issue 2: status flip to RIB change through the whole real chain, plugin start to
/// first announce, and idle RSS of the native binary.
/// </summary>
internal static class CoreBenchmark
{
    public static int Run(int flips)
    {
        Console.WriteLine($"exahealth core benchmark: {PluginBinary.Path}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()}");
        var (withdraw, announce, withdrawAfterCommit) = FlipLatency(flips);
        var (startToAnnounce, rss) = StartAndIdle(runs: 10);

        Console.WriteLine();
        Console.WriteLine("| figure | median | p90 | min | max | n |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Row("ovn-sbctl start -> VIP leaves GoBGP RIB (ms)", withdraw);
        Row("ovn-sbctl exit (committed) -> VIP leaves GoBGP RIB (ms)", withdrawAfterCommit);
        Row("ovn-sbctl start -> VIP back in GoBGP RIB (ms)", announce);
        Row("plugin start -> first announce on stdout (ms)", startToAnnounce);
        Row("idle RSS after sync, native binary (MiB)", rss);
        return 0;
    }

    private static (List<double> Withdraw, List<double> Announce, List<double> AfterCommit) FlipLatency(int flips)
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
            Config = new System.Text.Json.Nodes.JsonObject { ["logging"] = new System.Text.Json.Nodes.JsonObject { ["level"] = "Information" } },
        });
        lab.WaitRouteAsync("10.0.0.10/32", present: true).GetAwaiter().GetResult();
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        string uuid = lab.Ovn.Sb("--bare", "--columns=_uuid", "find", "Service_Monitor", "ip=\"10.10.10.227\"").Trim();
        var clock = Stopwatch.StartNew();
        using var rib = new RibMonitor(lab.Router.ApiTarget, "ipv4", clock);
        Thread.Sleep(500);
        rib.Drain();
        var withdraw = new List<double>();
        var announce = new List<double>();
        var afterCommit = new List<double>();
        for (int i = 0; i < flips; i++)
        {
            var t0 = clock.Elapsed;
            lab.Ovn.Sb("set", "Service_Monitor", uuid, "status=offline");
            var committed = clock.Elapsed;
            var gone = rib.Next("10.0.0.10/32", withdrawal: true, TimeSpan.FromSeconds(10));
            withdraw.Add((gone - t0).TotalMilliseconds);
            afterCommit.Add(Math.Max(0, (gone - committed).TotalMilliseconds));
            Thread.Sleep(100);

            t0 = clock.Elapsed;
            lab.Ovn.Sb("set", "Service_Monitor", uuid, "status=online");
            var back = rib.Next("10.0.0.10/32", withdrawal: false, TimeSpan.FromSeconds(10));
            announce.Add((back - t0).TotalMilliseconds);
            Thread.Sleep(100);
        }

        return (withdraw, announce, afterCommit);
    }

    private static (List<double> StartToAnnounce, List<double> Rss) StartAndIdle(int runs)
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
            Config = new System.Text.Json.Nodes.JsonObject { ["logging"] = new System.Text.Json.Nodes.JsonObject { ["level"] = "Information" } },
            StartExaBgp = false,
        });
        var start = new List<double>();
        var rss = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            using var plugin = PluginProcess.Start(lab.ConfigPath);
            plugin.WaitForCommandAsync(_ => true).GetAwaiter().GetResult();
            start.Add(plugin.Commands[0].At.TotalMilliseconds);
            if (i == 0)
            {
                Thread.Sleep(5000);
                rss.Add(ReadRssKiB(plugin.Pid) / 1024.0);
            }

            plugin.CloseInput();
            plugin.WaitForExit(TimeSpan.FromSeconds(5));
        }

        return (start, rss);
    }

    private static double ReadRssKiB(int pid) =>
        double.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    private static void Row(string name, List<double> values) => Stats.Row(name, values);
}
