using System.Diagnostics;
using System.Globalization;
using ExaHealth.Lab;
using ExaHealth.Routes;

namespace ExaHealth.Benchmarks;

/// <summary>
/// The ExaBGP rows of the scale benchmark: the same VIPs through the real ExaBGP into GoBGP, in and
/// out, against ExaBGP's own floor (the same grouped lines written by a feeder that only waits for
/// each "done"). The machine's speed drifts more within minutes than the 10 % the target allows, so
/// plugin and floor alternate within one run, round after round in ABBA order (plugin first in even
/// rounds, floor first in odd ones), and each round's ratio compares two runs made seconds apart; the
/// figure is the median of those ratios.
/// </summary>
internal static partial class ScaleBenchmark
{
    private const int RibNear = 2000;

    private static readonly List<string> Marks = [];

    // What the benchmark last set every Service_Monitor row to (the fill leaves them online).
    private static string _statuses = "online";

    private static void SetAllStatuses(OvsdbTransactor db, string status)
    {
        db.Transact("OVN_Southbound", [SouthboundLoad.SetAllStatuses(status)]);
        _statuses = status;
    }

    private static ExaBgpFigures MeasureExaBgp(int vips, int backends, int rounds)
    {
        rounds = Math.Max(1, rounds);
        Console.WriteLine($"-- {vips} VIPs through ExaBGP into GoBGP, {rounds} rounds of plugin and floor (ABBA)");
        using var lab = LabEnvironment.Start(new LabOptions { Ovn = new OvnOptions { Northd = false }, StartExaBgp = false });
        SouthboundLoad.Fill(lab.Ovn.SbSocket, vips, backends);
        _statuses = "online";
        string? capture = Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_CAPTURE") is { Length: > 0 } c ? Directory.CreateDirectory(c).FullName : null;
        if (capture is not null)
        {
            Floor(lab.Ovn.SbSocket, Path.Combine(capture, "reply.json"));
        }

        WriteConfig(lab, "all-offline", metrics: Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_METRICS") != "0");
        var feeder = PrepareFloor(lab, vips);
        var results = new List<ExaBgpRound>();
        for (int round = 0; round < rounds; round++)
        {
            Console.WriteLine($"   round {round + 1} of {rounds}, {(round % 2 == 0 ? "plugin first" : "floor first")}");
            (TimeSpan Into, TimeSpan Out, TimeSpan OutFromNotification) plugin;
            (TimeSpan Into, TimeSpan Out) floor;
            if (round % 2 == 0)
            {
                plugin = MeasurePluginThroughExaBgp(lab, vips, round == 0 ? capture : null);
                floor = MeasureExaBgpFloor(lab, vips, feeder);
            }
            else
            {
                floor = MeasureExaBgpFloor(lab, vips, feeder);
                plugin = MeasurePluginThroughExaBgp(lab, vips, null);
            }

            var r = new ExaBgpRound(plugin.Into, plugin.Out, plugin.OutFromNotification, floor.Into, floor.Out);
            Console.WriteLine($"   round {round + 1}: into {Ms(r.Into)} / floor {Ms(r.FloorInto)} = {r.IntoRatio:0.00}; " +
                $"failure {Ms(r.OutFromNotification)} from the notification / floor {Ms(r.FloorOut)} = {r.OutRatio:0.00}");
            results.Add(r);
        }

        StopExaBgp(lab);
        var figures = ExaBgpFigures.From(results);
        Console.WriteLine($"   {rounds} rounds, median of the per-round ratio plugin / floor: into {figures.IntoRatio:0.00} (range {results.Min(r => r.IntoRatio):0.00}–{results.Max(r => r.IntoRatio):0.00}), " +
            $"failure from the notification {figures.OutRatio:0.00} (range {results.Min(r => r.OutRatio):0.00}–{results.Max(r => r.OutRatio):0.00})");
        Console.WriteLine($"   medians: into {Ms(figures.Into)} (floor {Ms(figures.FloorInto)}), failure {Ms(figures.Out)} from the transaction, {Ms(figures.OutFromNotification)} from the notification (floor {Ms(figures.FloorOut)})");
        return figures;
    }

    /// <summary>
    /// The plugin under ExaBGP, every Service_Monitor row online at its start: all VIPs into the RIB
    /// (from the snapshot's decision), then every row offline in one transaction and the RIB emptied.
    /// </summary>
    private static (TimeSpan Into, TimeSpan Out, TimeSpan OutFromNotification) MeasurePluginThroughExaBgp(LabEnvironment lab, int vips, string? capture)
    {
        StopExaBgp(lab);
        using (var reset = new OvsdbTransactor(lab.Ovn.SbSocket))
        {
            SetAllStatuses(reset, "online");
        }

        // This round's part of the log, which every round's plugin appends to: not the whole file at each look.
        long logFrom = File.Exists(PluginLogPath(lab)) ? new FileInfo(PluginLogPath(lab)).Length : 0;
        var (released, cpuAtRelease) = StartHeld(lab, Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_TEE") == "1" ? $"{PluginBinary.Path} run --config {lab.ConfigPath} | tee -a {lab.Directory}/stdout.txt" : null);
        // The CPU of the writing alone: from when the decision is in the log (the snapshot's reading is not in the figure).
        var watching = Stopwatch.StartNew();
        while (!PluginLog(lab, logFrom).Contains("snapshot decided", StringComparison.Ordinal) && watching.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(5);
        }

        var cpuAtDecision = CpuCensus.Take();
        var seenDecided = DateTime.UtcNow;
        Console.WriteLine($"   snapshot read and decided: {cpuAtDecision.Since(cpuAtRelease, seenDecided - released)}");
        var full = WaitRib(lab, n => n >= vips, n => n >= vips - RibNear, $"{vips} routes in GoBGP's RIB");
        Console.WriteLine($"   into: {CpuCensus.Take().Since(cpuAtDecision, full - seenDecided)}");
        // Below Information (EXAHEALTH_BENCH_LOG_LEVEL) the decision is not logged: no "into" figure then.
        var decided = PluginLog(lab, logFrom).Contains("snapshot decided", StringComparison.Ordinal) ? LogTime(PluginLog(lab, logFrom), "snapshot decided") : full;
        Console.WriteLine($"   all in RIB {(full - decided).TotalMilliseconds:0} ms after the snapshot was decided");

        Thread.Sleep(2000);
        using var db = new OvsdbTransactor(lab.Ovn.SbSocket);
        using var watcher = new NotificationWatcher(lab.Ovn.SbSocket);
        var cpuAtFailure = CpuCensus.Take();
        var failure = DateTime.UtcNow;
        var notification = capture is null ? Task.Run(watcher.Next) : Task.Run(() => watcher.Next(Path.Combine(capture, "update.json")));
        SetAllStatuses(db, "offline");
        var empty = WaitRib(lab, n => n == 0, n => n <= RibNear, "an empty RIB");
        Console.WriteLine($"   out: {CpuCensus.Take().Since(cpuAtFailure, empty - failure)}");
        var notified = notification.GetAwaiter().GetResult();
        Console.WriteLine($"   RIB empty {(empty - failure).TotalMilliseconds:0} ms after the failure; the notification of the changed rows was " +
            $"complete at a raw client {(notified - failure).TotalMilliseconds:0} ms after it (ovsdb-server's commit and send), RIB empty {(empty - notified).TotalMilliseconds:0} ms later");
        // Where the time from the notification goes: the decision is logged as it is made (3020 for a
        // batch whose lines wait for the commands, else the first VIP line).
        if (PluginLog(lab, logFrom).Split('\n').FirstOrDefault(l => (l.Contains("withdrawn:", StringComparison.Ordinal) || l.Contains("exahealth[3020]", StringComparison.Ordinal)) && l.Length >= 24 && ParseLogTime(l) > failure) is { } first)
        {
            Console.WriteLine($"   plugin's first withdraw decided {(ParseLogTime(first) - notified).TotalMilliseconds:0} ms after the raw client had the notification");
        }

        // Decisions are handed to ExaBGP in batches while the rest is decided: the first batch's lines
        // (6008, logged as the writer takes them, at the lab's Debug level) are the plugin's own delay.
        if (PluginLog(lab, logFrom).Split('\n').FirstOrDefault(l => l.Contains("exahealth[6008]", StringComparison.Ordinal) && l.Length >= 24 && ParseLogTime(l) > failure) is { } firstLines)
        {
            Console.WriteLine($"   plugin's first withdraw lines written {(ParseLogTime(firstLines) - notified).TotalMilliseconds:0} ms after the raw client had the notification");
        }

        if (Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_KEEP_LOG") is { Length: > 0 } keep)
        {
            // The log of every round so far, then the marks of every round so far (the last line: this round's).
            Marks.Add($"bench: released {released:O}, full {full:O}, failure {failure:O}, notified {notified:O}, empty {empty:O}");
            File.Copy(PluginLogPath(lab), keep, overwrite: true);
            File.AppendAllLines(keep, Marks);
        }

        return (full - decided, empty - failure, empty - notified);
    }

    /// <summary>The floor's command files and feeder, in the lab folder (under a component set's root ExaBGP sees only that folder).</summary>
    private static FloorFeeder PrepareFloor(LabEnvironment lab, int vips)
    {
        var attributes = new RouteAttributes { NextHop = new NextHop(System.Net.IPAddress.Parse("192.0.2.10")), Origin = Origin.Igp };
        var routes = Enumerable.Range(0, vips).Select(v => new Route(HostPrefix.For(System.Net.IPAddress.Parse(SouthboundLoad.Vip(v))), attributes)).ToList();
        string dir = Path.Combine(lab.Directory, "floor");
        Directory.CreateDirectory(dir);
        var feeder = new FloorFeeder(dir);
        File.WriteAllLines(feeder.Announce, ExaHealth.ExaBgp.CommandFormatter.Format([.. routes.Select(r => new RouteChange(RouteChangeKind.Announce, r))]));
        File.WriteAllLines(feeder.Withdraw, ExaHealth.ExaBgp.CommandFormatter.Format([.. routes.Select(r => new RouteChange(RouteChangeKind.Withdraw, r))]));
        File.Copy(Path.Combine(PluginBinary.RepositoryRoot, "tests", "ExaHealth.Benchmarks", "exabgp_feeder.py"), feeder.Script, overwrite: true);
        return feeder;
    }

    private static (TimeSpan Into, TimeSpan Out) MeasureExaBgpFloor(LabEnvironment lab, int vips, FloorFeeder feeder)
    {
        StopExaBgp(lab);
        File.Delete(feeder.Trigger);
        File.Delete(feeder.Times);
        var (released, cpuAtRelease) = StartHeld(lab, feeder.Command);
        var full = WaitRib(lab, n => n >= vips, n => n >= vips - RibNear, $"{vips} feeder routes in GoBGP's RIB");
        Console.WriteLine($"   floor into: {CpuCensus.Take().Since(cpuAtRelease, full - released)}");
        Thread.Sleep(2000);
        if (Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_FLOOR_UNDER_LOAD") == "1")
        {
            // The same 50,000-row transaction and a raw client reading its notification, as during the
            // plugin's failure figure, but with nobody acting on it: what that load alone does to ExaBGP.
            // Every row must change (a transaction that changes nothing is not notified): the floor may
            // follow the plugin's failure (all offline) or the previous round's floor (all online).
            using var db = new OvsdbTransactor(lab.Ovn.SbSocket);
            using var watcher = new NotificationWatcher(lab.Ovn.SbSocket);
            var notification = Task.Run(watcher.Next);
            SetAllStatuses(db, _statuses == "online" ? "offline" : "online");
            notification.GetAwaiter().GetResult();
        }

        var cpuAtTrigger = CpuCensus.Take();
        var triggered = DateTime.UtcNow;
        File.WriteAllText(feeder.Trigger, string.Empty);
        var empty = WaitRib(lab, n => n == 0, n => n <= RibNear, "an empty RIB after the feeder's withdraws");
        Console.WriteLine($"   floor out: {CpuCensus.Take().Since(cpuAtTrigger, empty - triggered)}");
        var marks = File.ReadAllLines(feeder.Times).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => DateTime.UnixEpoch.AddSeconds(double.Parse(p[1], CultureInfo.InvariantCulture)));
        var figures = (full - marks["announce-start"], empty - marks["withdraw-start"]);
        Console.WriteLine($"   ExaBGP's floor with the same lines: in {figures.Item1.TotalMilliseconds:0} ms, out {figures.Item2.TotalMilliseconds:0} ms");
        return figures;
    }

    /// <summary>Starts ExaBGP with its API process held until the BGP session is established; returns when, and the CPU used so far.</summary>
    private static (DateTime Released, CpuCensus Cpu) StartHeld(LabEnvironment lab, string? command)
    {
        Directory.CreateDirectory(lab.ExaBgpDirectory);
        File.WriteAllText(Path.Combine(lab.ExaBgpDirectory, "hold"), string.Empty);
        lab.StartExaBgp(command);
        Wait.UntilAsync(() => lab.Router.Established(), TimeSpan.FromSeconds(60), "the BGP session", 20).GetAwaiter().GetResult();
        var cpu = CpuCensus.Take();
        var released = DateTime.UtcNow;
        lab.ExaBgp.Hold(false);
        return (released, cpu);
    }

    /// <summary>
    /// Stops the previous round's ExaBGP and waits until GoBGP has seen the session go and dropped its
    /// routes: a session still shown established would release the next API process before the new
    /// session is up, and its set-up would be counted.
    /// </summary>
    private static void StopExaBgp(LabEnvironment lab)
    {
        if (!lab.HasExaBgp)
        {
            return;
        }

        lab.ExaBgp.Stop();
        Wait.UntilAsync(() => !lab.Router.Established() && RibCount(lab) == 0, TimeSpan.FromSeconds(30), "GoBGP to drop the stopped ExaBGP's session", 50).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Polls GoBGP's RIB until <paramref name="done"/>, and returns when it saw it. Each look starts a
    /// gobgp CLI (~10 ms of CPU): looking every 20 ms all along took a third of the 2 cores from
    /// ExaBGP and GoBGP while they worked, the floor's run included. Every 100 ms while far off,
    /// every 10 ms once <paramref name="near"/> (the last ~2,000 routes: ExaBGP moves ~20 a millisecond).
    /// A stream (gobgp monitor) costs more: GoBGP encodes every path for it.
    /// </summary>
    private static DateTime WaitRib(LabEnvironment lab, Func<int, bool> done, Func<int, bool> near, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            int count = RibCount(lab);
            var seen = DateTime.UtcNow;
            if (done(count))
            {
                return seen;
            }

            if (seen > deadline)
            {
                throw new TimeoutException($"{what}: GoBGP's RIB holds {count} prefixes");
            }

            Thread.Sleep(near(count) ? 10 : 100);
        }
    }

    private static int RibCount(LabEnvironment lab)
    {
        var summary = lab.Router.Gobgp("global", "rib", "summary", "-a", "ipv4");
        var match = Destinations().Match(summary);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The plugin's log from byte <paramref name="from"/> on (every ExaBGP of the run appends to it); empty before the first.</summary>
    private static string PluginLog(LabEnvironment lab, long from)
    {
        if (!File.Exists(PluginLogPath(lab)))
        {
            return string.Empty;
        }

        using var file = new FileStream(PluginLogPath(lab), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(Math.Min(from, file.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        return reader.ReadToEnd();
    }

    private static string PluginLogPath(LabEnvironment lab) => Path.Combine(lab.ExaBgpDirectory, "plugin.log");
}
