using System.Diagnostics;
using ExaHealth.Lab;

namespace ExaHealth.Benchmarks;

/// <summary>
/// Issue 3's figure: the plugin is killed (SIGKILL) while a load balancer is deleted; ExaBGP
/// keeps the dead plugin's route; from the respawned plugin's start to the stale route leaving
/// GoBGP's RIB (RIB changes timed with gobgp monitor). ExaBGP is restarted every third kill: it
/// shuts itself down after five deaths of its process within a minute.
/// </summary>
internal static class RestartBenchmark
{
    public static int Run(int runs)
    {
        Console.WriteLine($"exahealth restart benchmark: {PluginBinary.Path}");
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
            Config = new System.Text.Json.Nodes.JsonObject { ["logging"] = new System.Text.Json.Nodes.JsonObject { ["level"] = "Information" } },
        });
        lab.WaitRouteAsync("10.0.0.10/32", present: true).GetAwaiter().GetResult();
        var clock = Stopwatch.StartNew();
        using var rib = new RibMonitor(lab.Router.ApiTarget, "ipv4", clock);
        var reconcile = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            if (i > 0 && i % 3 == 0)
            {
                // ExaBGP gives up after 5 deaths of its process within a minute: start it afresh.
                lab.StartExaBgp();
                lab.WaitRouteAsync("10.0.0.10/32", present: true, seconds: 20).GetAwaiter().GetResult();
                Thread.Sleep(500);
            }

            string name = $"stale{i}";
            lab.Ovn.AddLoadBalancer(name, "10.0.0.20:80", [$"10.10.20.{i + 1}:80"]);
            rib.Next("10.0.0.20/32", withdrawal: false, TimeSpan.FromSeconds(10));
            int killed = lab.ExaBgp.PluginPid!.Value;
            lab.ExaBgp.Hold(true);
            lab.ExaBgp.SignalPlugin(9);
            Wait.UntilAsync(() => lab.ExaBgp.WrapperPid is { } w && w != killed, TimeSpan.FromSeconds(10), "respawn").GetAwaiter().GetResult();
            lab.Ovn.DeleteLoadBalancer(name);
            Thread.Sleep(200);
            rib.Drain();
            var released = clock.Elapsed;
            lab.ExaBgp.Hold(false);
            var gone = rib.Next("10.0.0.20/32", withdrawal: true, TimeSpan.FromSeconds(10));
            reconcile.Add((gone - released).TotalMilliseconds);
        }

        Console.WriteLine();
        Console.WriteLine("| figure | median | p90 | min | max | n |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Stats.Row("respawned plugin starts -> stale route leaves GoBGP RIB (ms)", reconcile);
        return 0;
    }
}
