using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.Benchmarks;

/// <summary>
/// The soak: a standalone Southbound filled with V load balancers of B backends, the native
/// plugin with ExaBGP's side played by the harness (every command answered "done"), then minutes
/// of status churn at a fixed rate, one transaction a flip. Proves the plugin stays flat (RSS,
/// descriptors, threads) and loses no change: once the output is quiet, its announced set must
/// equal a fresh instance's and the one computed from the database. Writes
/// artifacts/benchmarks/soak.md; exits 1 on any FAIL.
/// </summary>
internal static class SoakBenchmark
{
    // The same idle wait before the start reading and before the end one: several status-file
    // writes (every 5 s) and the thread pool's idle retirement lie inside both.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    public static int Run(double minutes, int rate, int vips, int backends)
    {
        Console.WriteLine($"exahealth soak: {PluginBinary.Path}, {vips} VIPs x {backends} backends, {rate} flips/s for {minutes} min");
        using var lab = LabEnvironment.Start(new LabOptions { Ovn = new OvnOptions { Northd = false }, StartExaBgp = false });
        string socket = lab.Ovn.SbSocket;
        int serverPid = lab.Ovn.SouthboundPid ?? throw new InvalidOperationException("no ovsdb-server pid");
        var uuids = SouthboundLoad.Fill(socket, vips, backends);
        // Information: every VIP change is logged, as operators run it; the log is part of the load.
        lab.WriteConfig(new JsonObject
        {
            ["routes"] = new JsonObject { ["allowedPrefixes"] = new JsonArray("10.0.0.0/8") },
            ["policy"] = new JsonObject { ["withdrawWhen"] = "any-offline" },
            ["logging"] = new JsonObject { ["level"] = "Information" },
        });

        var running = new RouteSet();
        using var plugin = PluginProcess.Start(lab.ConfigPath);
        plugin.KeepCommands = false;
        plugin.LineObserver = running.Observe;
        var sync = Wait.UntilAsync(() => running.Count == vips, TimeSpan.FromSeconds(120), $"{vips} announced").GetAwaiter().GetResult();
        Console.WriteLine($"   synced in {sync.TotalSeconds:0.0} s; idling {Settle.TotalSeconds:0} s before the churn");
        Thread.Sleep(Settle);

        var churner = new StatusChurner(uuids.Length, seed: 20261125);
        var churnStart = plugin.Elapsed;
        var churn = SoakChurn.Run(socket, plugin.Pid, serverPid, uuids, churner, rate, TimeSpan.FromMinutes(minutes));
        var churnEnd = churnStart + churn.Elapsed;
        Console.WriteLine($"   churn done: {churn.Sent} flips in {churn.Elapsed.TotalSeconds:0} s, {churn.Failed} failed");
        Wait.UntilAsync(() => plugin.Elapsed - running.LastLineAt >= Quiet, TimeSpan.FromMinutes(2), "the plugin's output to be quiet", 100).GetAwaiter().GetResult();
        var drain = running.LastLineAt - churnEnd;

        var database = SouthboundState.Read(socket);
        int mismatches = Enumerable.Range(0, uuids.Length).Count(r => database.StatusByUuid[uuids[r]] != (churner.IsOffline(r) ? "offline" : "online"));
        var (fresh, freshSync, freshRedundant) = FreshInstance(lab);
        var runningSet = running.Snapshot();

        var idleUntil = churnEnd + Settle;
        if (plugin.Elapsed < idleUntil)
        {
            Thread.Sleep(idleUntil - plugin.Elapsed);
        }

        var end = ProcessSample.Take(plugin.Pid, plugin.Elapsed - churnStart);
        int problems = plugin.Log.Count(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal));
        foreach (var line in plugin.Log.Where(l => !l.Contains(" info: ", StringComparison.Ordinal)).Take(5))
        {
            Console.WriteLine($"   plugin log: {line}");
        }

        plugin.CloseInput();
        plugin.WaitForExit(TimeSpan.FromSeconds(5));

        var figures = new SoakFigures(vips, backends, rate, minutes, churn.Plugin[0], end, churn, drain, runningSet, fresh, database.Announced,
            mismatches, running.Changes, running.Redundant, freshRedundant, freshSync, problems);
        return Publish(figures);
    }

    /// <summary>
    /// A second plugin with its own state directory: what a fresh snapshot of the same database
    /// announces, and when its last line came (its sync).
    /// </summary>
    private static (HashSet<string> Announced, TimeSpan Sync, long Redundant) FreshInstance(LabEnvironment lab)
    {
        var config = JsonNode.Parse(File.ReadAllText(lab.ConfigPath))!.AsObject();
        string state = Path.Combine(lab.Directory, "state-fresh");
        config["state"] = new JsonObject
        {
            ["directory"] = state,
            ["statusFile"] = Path.Combine(state, "status.json"),
            ["metricsFile"] = Path.Combine(state, "exahealth.prom"),
        };
        string path = Path.Combine(lab.Directory, "exahealth-fresh.json");
        File.WriteAllText(path, config.ToJsonString());

        var routes = new RouteSet();
        using var fresh = PluginProcess.Start(path);
        fresh.KeepCommands = false;
        fresh.LineObserver = routes.Observe;
        fresh.WaitForLogAsync("snapshot decided", 120).GetAwaiter().GetResult();
        Wait.UntilAsync(() => fresh.Elapsed - routes.LastLineAt >= Quiet, TimeSpan.FromMinutes(2), "the fresh instance's output to be quiet", 100).GetAwaiter().GetResult();
        fresh.CloseInput();
        fresh.WaitForExit(TimeSpan.FromSeconds(5));
        return (routes.Snapshot(), routes.LastLineAt, routes.Redundant);
    }

    private static int Publish(SoakFigures figures)
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        string header = $"Soak, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores {cpu}, {PluginBinary.Path}: " +
            $"{figures.Vips} VIPs × {figures.Backends} backends ({figures.Vips * figures.Backends} Service_Monitor rows), {figures.Rate} flips/s for {figures.Minutes} min, withdrawWhen any-offline";
        var lines = SoakReport.Markdown(figures, header);
        bool flat = SoakReport.Flat(figures), equal = SoakReport.Equal(figures), clean = SoakReport.NoRedundant(figures);
        lines.AddRange([string.Empty, $"flatness: {(flat ? "PASS" : "FAIL")}; equality: {(equal ? "PASS" : "FAIL")}; redundant commands: {(clean ? "PASS" : "FAIL")}"]);
        Console.WriteLine();
        Console.WriteLine(string.Join('\n', lines));
        var file = Path.Combine(PluginBinary.RepositoryRoot, "artifacts", "benchmarks", "soak.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, string.Join('\n', lines) + "\n");
        Console.WriteLine($"\nwritten to {file}");
        return flat && equal && clean ? 0 : 1;
    }
}
