using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExaHealth.Lab;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Southbound;

namespace ExaHealth.Benchmarks;

/// <summary>
/// Issue 6: a standalone Southbound filled directly with N load balancers of B backends; the native
/// plugin with ExaBGP's side played by the benchmark (every command answered "done", every line
/// timestamped). Initial sync against the raw monitor_cond floor, RSS, event latency and CPU per
/// flip at two sizes, churn up to thousands of flips a second, 10,000 VIPs into and out of GoBGP's
/// RIB through the real ExaBGP, and a polling baseline. Prints one Markdown table and writes it to
/// artifacts/benchmarks/scale.md.
/// </summary>
internal static partial class ScaleBenchmark
{
    private static readonly List<string[]> Rows = [];

    public static int Run(int vips, int backends, int flips, bool quick)
    {
        Console.WriteLine($"exahealth scale benchmark: {PluginBinary.Path}, {vips} VIPs x {backends} backends, {flips} flips");
        var large = MeasurePlugin(vips, backends, flips, churn: !quick);
        var small = MeasurePlugin(100, backends, flips, churn: false, withMetrics: false);
        Row($"initial sync, {vips * backends} rows: start → last announce", Ms(large.Sync), "");
        Row("raw floor: monitor_cond request → complete reply", Ms(large.Floor), "");
        Row("sync / floor", $"{large.Sync / large.Floor:0.00}", "≤ 1.5");
        Row($"peak RSS (VmHWM) at {vips * backends} rows", Mib(large.PeakKiB), "≤ 150 MB");
        Row("idle RSS 30 s after sync, SPEC defaults (status file, no metrics file); of which anonymous", $"{Mib(large.IdleKiB)}; {Mib(large.IdleAnonKiB)}", "≤ 40 MB");
        if (large.IdleWithMetricsKiB > 0)
        {
            Row("idle RSS 30 s after sync with state.metricsFile set too", Mib(large.IdleWithMetricsKiB), "");
        }

        Row($"event latency at {100 * backends} rows: p50 / p99 / max", Latency(small.Latency), "");
        Row($"event latency at {vips * backends} rows: p50 / p99 / max", Latency(large.Latency), "p99 ≤ 5 ms");
        Row($"CPU per flip at {100 * backends} / {vips * backends} rows", $"{small.CpuPerFlip * 1e3:0.000} ms / {large.CpuPerFlip * 1e3:0.000} ms (×{large.CpuPerFlip / small.CpuPerFlip:0.00})", "≤ 1.5×");
        foreach (var step in large.Churn)
        {
            Row($"churn {step.Rate}/s for {step.Seconds} s: sent, lag p50 / p99 first → last 2 s, backlog, CPU plugin / ovsdb-server",
                $"{step.SentRate:0}/s, {step.FirstP50:0.0}/{step.FirstP99:0.0} → {step.LastP50:0.0}/{step.LastP99:0.0} ms, {step.Backlog}, {step.PluginCpu * 100:0}% / {step.ServerCpu * 100:0}%",
                step.KeptUp ? step.SentRate >= step.Rate * 0.95 ? "keeps up" : "keeps up with what the server committed" : "FALLS BEHIND");
        }

        if (!quick)
        {
            var bgp = MeasureExaBgp(vips, backends);
            Row($"{vips} VIPs into GoBGP's RIB through ExaBGP: snapshot decided → all in RIB (session up first)", Ms(bgp.Into), "≤ 0.5 s");
            Row($"site-wide failure (all {vips * backends} rows offline in one transaction) → RIB empty (from the complete notification at a raw client)", $"{Ms(bgp.Out)} ({Ms(bgp.OutFromNotification)})", "≤ 0.5 s");
            Row("ExaBGP's floor: the same grouped lines from a feeder, one in flight: in / out", $"{Ms(bgp.FloorInto)} / {Ms(bgp.FloorOut)}", "");
            var polling = MeasurePolling(vips, backends);
            Row($"polling baseline (ovn-sbctl list every 1 s) at {vips * backends} rows: one poll / event latency p50 / CPU",
                $"{polling.Poll.TotalSeconds:0.00} s / {polling.Latency.TotalSeconds:0.00} s / {polling.CpuShare * 100:0}% of a core", "");
            Row("event latency: polling / ExaHealth (p50)", $"×{polling.Latency.TotalMilliseconds / Percentile(large.Latency, 0.5):0}", "≥ 100×");
        }

        var table = new List<string>
        {
            $"Scale benchmark, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores {Cpu()}, {PluginBinary.Path}",
            string.Empty,
            "| figure | measured | target |",
            "| --- | --- | --- |",
        };
        table.AddRange(Rows.Select(r => $"| {r[0]} | {r[1]} | {r[2]} |"));
        Console.WriteLine();
        Console.WriteLine(string.Join('\n', table));
        var file = Path.Combine(PluginBinary.RepositoryRoot, "artifacts", "benchmarks", "scale.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, string.Join('\n', table) + "\n");
        Console.WriteLine($"\nwritten to {file}");
        return 0;
    }

    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(30);

    /// <summary>The ExaBGP figures alone.</summary>
    public static int ExaBgpOnly(int vips, int backends)
    {
        MeasureExaBgp(vips, backends);
        return 0;
    }

    /// <summary>The churn steps alone, for working on throughput.</summary>
    public static int ChurnOnly(int vips, int backends)
    {
        MeasurePlugin(vips, backends, flips: 2, churn: true, settle: false);
        return 0;
    }

    private static PluginFigures MeasurePlugin(int vips, int backends, int flips, bool churn, bool settle = true, bool withMetrics = true)
    {
        Console.WriteLine($"-- {vips} VIPs x {backends} backends: filling the Southbound");
        using var lab = LabEnvironment.Start(new LabOptions { Ovn = new OvnOptions { Northd = false }, StartExaBgp = false });
        var fill = Stopwatch.StartNew();
        var uuids = SouthboundLoad.Fill(lab.Ovn.SbSocket, vips, backends);
        Console.WriteLine($"   filled in {fill.Elapsed.TotalSeconds:0.0} s");
        var floor = Enumerable.Range(0, 3).Select(_ => Floor(lab.Ovn.SbSocket)).Order().ElementAt(1);
        WriteConfig(lab, "any-offline", metrics: false);

        var tracker = new LineTracker { Target = vips };
        using var plugin = StartSynced(lab, tracker);
        var sync = tracker.AnnouncedAllAt;
        // Idle: after several status writes (every 5 s), where the resident size has settled.
        Thread.Sleep(settle ? IdleWait : TimeSpan.FromSeconds(2));
        long peak = plugin.MemoryKiB("VmHWM");
        long idle = plugin.MemoryKiB("VmRSS");
        long idleAnon = plugin.MemoryKiB("RssAnon");
        Console.WriteLine($"   sync {sync.TotalMilliseconds:0} ms (floor {floor.TotalMilliseconds:0} ms), peak {peak / 1024} MiB, idle {idle / 1024} MiB");
        foreach (var line in plugin.Log.Where(l => l.Contains("exahealth[7008]", StringComparison.Ordinal)))
        {
            Console.WriteLine("   plugin: " + line);
        }

        using var db = new OvsdbTransactor(lab.Ovn.SbSocket);
        var latency = new List<double>();
        double cpuBefore = plugin.CpuSeconds;
        for (int f = 0; f < flips; f++)
        {
            int vip = (int)((f * 7919L) % vips);
            string status = f % 2 == 0 ? "offline" : "online";
            int v = f % 2 == 0 ? vip : (int)(((f - 1) * 7919L) % vips);
            var expect = tracker.Expect(SouthboundLoad.Vip(v));
            var sent = plugin.Elapsed;
            db.Transact("OVN_Southbound", [SouthboundLoad.SetStatusByUuid(uuids[v * backends], status)]);
            var arrived = expect.Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            latency.Add((arrived - sent).TotalMilliseconds);
        }

        double cpuPerFlip = (plugin.CpuSeconds - cpuBefore) / flips;
        Console.WriteLine($"   {flips} flips: p50 {Percentile(latency, 0.5):0.00} ms, p99 {Percentile(latency, 0.99):0.00} ms, CPU {cpuPerFlip * 1e3:0.000} ms/flip");

        var steps = new List<ChurnStep>();
        if (churn)
        {
            foreach (var (rate, seconds) in new[] { (1000, 10), (2500, 10), (5000, 30), (10000, 10) })
            {
                var step = Churn(lab.Ovn.SbSocket, lab.Ovn.SouthboundPid, plugin, tracker, uuids, vips, backends, rate, seconds);
                Console.WriteLine($"   churn {rate}/s: sent {step.SentRate:0}/s, lag p50/p99 {step.FirstP50:0.0}/{step.FirstP99:0.0} → {step.LastP50:0.0}/{step.LastP99:0.0} ms, backlog {step.Backlog}, CPU plugin {step.PluginCpu * 100:0}% ovsdb-server {step.ServerCpu * 100:0}%");
                steps.Add(step);
            }
        }

        plugin.CloseInput();
        plugin.WaitForExit(TimeSpan.FromSeconds(5));
        long idleWithMetrics = settle && withMetrics ? IdleWithMetrics(lab, vips) : 0;
        return new PluginFigures(sync, floor, peak, idle, idleAnon, latency, cpuPerFlip, steps, idleWithMetrics);
    }

    /// <summary>Flips at a fixed rate, one transaction each, pipelined; every flip changes one VIP (any-offline).</summary>
    private static ChurnStep Churn(string socket, int? serverPid, PluginProcess plugin, LineTracker tracker, string[] uuids, int vips, int backends, int rate, int seconds)
    {
        using var db = new OvsdbTransactor(socket);
        using var stop = new CancellationTokenSource();
        int failed = 0;
        var drain = Task.Run(() => db.DrainReplies((_, ok) => failed += ok ? 0 : 1, stop.Token));
        tracker.StartLagCapture();
        double pluginCpu = plugin.CpuSeconds;
        double serverCpu = serverPid is { } pid ? Cpu(pid) : 0;
        var clock = Stopwatch.StartNew();
        int total = rate * seconds;
        int sent = 0;
        // Paced in 1 ms steps (the flips due are sent, then a sleep): spinning would take a core
        // from the plugin and ovsdb-server on a small machine.
        for (int i = 0; i < total;)
        {
            int due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; i < due; i++)
            {
                int vip = i % vips;
                bool offline = (i / vips) % 2 == 0;
                tracker.Sent(SouthboundLoad.Vip(vip), plugin.Elapsed);
                db.Send("OVN_Southbound", [SouthboundLoad.SetStatusByUuid(uuids[vip * backends], offline ? "offline" : "online")]);
                sent++;
            }

            Thread.Sleep(1);
        }

        double sentRate = sent / clock.Elapsed.TotalSeconds;
        var drained = Wait.UntilAsync(() => tracker.Pending == 0, TimeSpan.FromSeconds(30), "the backlog to drain");
        try
        {
            drained.ConfigureAwait(false).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            // Reported as a backlog: the step did not keep up.
        }

        double elapsed = clock.Elapsed.TotalSeconds;
        pluginCpu = (plugin.CpuSeconds - pluginCpu) / elapsed;
        serverCpu = serverPid is { } spid ? (Cpu(spid) - serverCpu) / elapsed : 0;
        int backlog = tracker.Pending;
        stop.Cancel();
        drain.Wait(TimeSpan.FromSeconds(5));
        var lags = tracker.StopLagCapture();
        // Leave every VIP announced for the next step.
        using var reset = new OvsdbTransactor(socket);
        reset.Transact("OVN_Southbound", [SouthboundLoad.SetAllStatuses("online")]);
        Thread.Sleep(2000);
        tracker.Reset();

        var start = lags.Min(l => l.Sent);
        var end = lags.Max(l => l.Sent);
        var first = lags.Where(l => l.Sent - start < TimeSpan.FromSeconds(2)).Select(l => l.Lag).ToList();
        var last = lags.Where(l => end - l.Sent < TimeSpan.FromSeconds(2)).Select(l => l.Lag).ToList();
        // Below the asked rate the limit is ovsdb-server's commits (its CPU is in the row), not the plugin.
        bool keptUp = backlog == 0 && failed == 0 && Percentile(last, 0.99) < Math.Max(100, 2 * Percentile(first, 0.99));
        return new ChurnStep(rate, seconds, sentRate, Percentile(first, 0.5), Percentile(first, 0.99), Percentile(last, 0.5), Percentile(last, 0.99), backlog, keptUp, pluginCpu, serverCpu);
    }

    /// <summary>
    /// The same VIPs through the real ExaBGP into GoBGP, in and out; then ExaBGP's own floor: the
    /// same grouped lines written by a feeder that only waits for each "done". Both start once the
    /// BGP session is up (the API process is held until then), so session set-up is not counted.
    /// </summary>
    private static ExaBgpFigures MeasureExaBgp(int vips, int backends)
    {
        Console.WriteLine($"-- {vips} VIPs through ExaBGP into GoBGP");
        using var lab = LabEnvironment.Start(new LabOptions { Ovn = new OvnOptions { Northd = false }, StartExaBgp = false });
        SouthboundLoad.Fill(lab.Ovn.SbSocket, vips, backends);
        string? capture = Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_CAPTURE") is { Length: > 0 } c ? Directory.CreateDirectory(c).FullName : null;
        if (capture is not null)
        {
            Floor(lab.Ovn.SbSocket, Path.Combine(capture, "reply.json"));
        }

        WriteConfig(lab, "all-offline", metrics: Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_METRICS") != "0");
        var (released, cpuAtRelease) = StartHeld(lab, Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_TEE") == "1" ? $"{PluginBinary.Path} run --config {lab.ConfigPath} | tee {lab.Directory}/stdout.txt" : null);
        // The CPU of the writing alone: from when the decision is in the log (the snapshot's reading is not in the figure).
        var watching = Stopwatch.StartNew();
        while (!lab.ExaBgp.PluginLog().Contains("snapshot decided", StringComparison.Ordinal) && watching.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(5);
        }

        var cpuAtDecision = CpuCensus.Take();
        var seenDecided = DateTime.UtcNow;
        Console.WriteLine($"   snapshot read and decided: {cpuAtDecision.Since(cpuAtRelease, seenDecided - released)}");
        var full = WaitRib(lab, n => n >= vips, n => n >= vips - RibNear, $"{vips} routes in GoBGP's RIB");
        Console.WriteLine($"   into: {CpuCensus.Take().Since(cpuAtDecision, full - seenDecided)}");
        // Below Information (EXAHEALTH_BENCH_LOG_LEVEL) the decision is not logged: no "into" figure then.
        var decided = lab.ExaBgp.PluginLog().Contains("snapshot decided", StringComparison.Ordinal) ? LogTime(lab.ExaBgp.PluginLog(), "snapshot decided") : full;
        Console.WriteLine($"   all in RIB {(full - decided).TotalMilliseconds:0} ms after the snapshot was decided");

        Thread.Sleep(2000);
        using var db = new OvsdbTransactor(lab.Ovn.SbSocket);
        using var watcher = new NotificationWatcher(lab.Ovn.SbSocket);
        var cpuAtFailure = CpuCensus.Take();
        var failure = DateTime.UtcNow;
        var notification = capture is null ? Task.Run(watcher.Next) : Task.Run(() => watcher.Next(Path.Combine(capture, "update.json")));
        db.Transact("OVN_Southbound", [SouthboundLoad.SetAllStatuses("offline")]);
        var empty = WaitRib(lab, n => n == 0, n => n <= RibNear, "an empty RIB");
        Console.WriteLine($"   out: {CpuCensus.Take().Since(cpuAtFailure, empty - failure)}");
        var notified = notification.GetAwaiter().GetResult();
        Console.WriteLine($"   RIB empty {(empty - failure).TotalMilliseconds:0} ms after the failure; the notification of the 50,000 changed rows was " +
            $"complete at a raw client {(notified - failure).TotalMilliseconds:0} ms after it (ovsdb-server's commit and send), RIB empty {(empty - notified).TotalMilliseconds:0} ms later");
        var log = lab.ExaBgp.PluginLog().Split('\n');
        // Where the time from the notification goes: the decision is logged as it is made (3020 for a
        // batch whose lines wait for the commands, else the first VIP line).
        if (log.FirstOrDefault(l => (l.Contains("withdrawn:", StringComparison.Ordinal) || l.Contains("exahealth[3020]", StringComparison.Ordinal)) && DateTime.Parse(l[..24], CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) > failure) is { } first)
        {
            Console.WriteLine($"   plugin's first withdraw decided {(DateTime.Parse(first[..24], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) - notified).TotalMilliseconds:0} ms after the raw client had the notification");
        }

        if (Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_KEEP_LOG") is { Length: > 0 } keep)
        {
            File.Copy(lab.ExaBgp.PluginLogPath, keep, overwrite: true);
            File.AppendAllText(keep, $"bench: released {released:O}, full {full:O}, failure {failure:O}, notified {notified:O}, empty {empty:O}\n");
        }

        var (floorInto, floorOut) = MeasureExaBgpFloor(lab, vips);
        Console.WriteLine($"   ExaBGP's floor with the same lines: in {floorInto.TotalMilliseconds:0} ms, out {floorOut.TotalMilliseconds:0} ms");
        return new ExaBgpFigures(full - decided, empty - failure, empty - notified, floorInto, floorOut);
    }

    private const int RibNear = 2000;

    private static (TimeSpan Into, TimeSpan Out) MeasureExaBgpFloor(LabEnvironment lab, int vips)
    {
        var attributes = new RouteAttributes { NextHop = new NextHop(System.Net.IPAddress.Parse("192.0.2.10")), Origin = Origin.Igp };
        var routes = Enumerable.Range(0, vips).Select(v => new Route(HostPrefix.For(System.Net.IPAddress.Parse(SouthboundLoad.Vip(v))), attributes)).ToList();
        string dir = Path.Combine(lab.Directory, "floor");
        Directory.CreateDirectory(dir);
        string announce = Path.Combine(dir, "announce.txt"), withdraw = Path.Combine(dir, "withdraw.txt");
        string trigger = Path.Combine(dir, "withdraw-now"), times = Path.Combine(dir, "times.txt");
        File.WriteAllLines(announce, ExaHealth.ExaBgp.CommandFormatter.Format([.. routes.Select(r => new RouteChange(RouteChangeKind.Announce, r))]));
        File.WriteAllLines(withdraw, ExaHealth.ExaBgp.CommandFormatter.Format([.. routes.Select(r => new RouteChange(RouteChangeKind.Withdraw, r))]));
        // Copied into the lab folder: under a component set's root (EXAHEALTH_LAB=sid) ExaBGP sees only that folder.
        string feeder = Path.Combine(dir, "exabgp_feeder.py");
        File.Copy(Path.Combine(PluginBinary.RepositoryRoot, "tests", "ExaHealth.Benchmarks", "exabgp_feeder.py"), feeder, overwrite: true);

        var (released, cpuAtRelease) = StartHeld(lab, $"python3 {feeder} {announce} {withdraw} {trigger} {times}");
        var full = WaitRib(lab, n => n >= vips, n => n >= vips - RibNear, $"{vips} feeder routes in GoBGP's RIB");
        Console.WriteLine($"   floor into: {CpuCensus.Take().Since(cpuAtRelease, full - released)}");
        Thread.Sleep(2000);
        if (Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_FLOOR_UNDER_LOAD") == "1")
        {
            // The same 50,000-row transaction and a raw client reading its notification, as during the
            // plugin's failure figure, but with nobody acting on it: what that load alone does to ExaBGP.
            using var db = new OvsdbTransactor(lab.Ovn.SbSocket);
            using var watcher = new NotificationWatcher(lab.Ovn.SbSocket);
            var notification = Task.Run(watcher.Next);
            db.Transact("OVN_Southbound", [SouthboundLoad.SetAllStatuses("online")]);
            notification.GetAwaiter().GetResult();
        }

        var cpuAtTrigger = CpuCensus.Take();
        var triggered = DateTime.UtcNow;
        File.WriteAllText(trigger, string.Empty);
        var empty = WaitRib(lab, n => n == 0, n => n <= RibNear, "an empty RIB after the feeder's withdraws");
        Console.WriteLine($"   floor out: {CpuCensus.Take().Since(cpuAtTrigger, empty - triggered)}");
        var marks = File.ReadAllLines(times).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => DateTime.UnixEpoch.AddSeconds(double.Parse(p[1], CultureInfo.InvariantCulture)));
        return (full - marks["announce-start"], empty - marks["withdraw-start"]);
    }

    /// <summary>Starts ExaBGP with its API process held until the BGP session is established; returns when, and the CPU used so far.</summary>
    private static (DateTime Released, CpuCensus Cpu) StartHeld(LabEnvironment lab, string? command)
    {
        string bgp = Path.Combine(lab.Directory, "bgp");
        Directory.CreateDirectory(bgp);
        File.WriteAllText(Path.Combine(bgp, "hold"), string.Empty);
        lab.StartExaBgp(command);
        Wait.UntilAsync(() => lab.Router.Established(), TimeSpan.FromSeconds(60), "the BGP session", 20).GetAwaiter().GetResult();
        var cpu = CpuCensus.Take();
        var released = DateTime.UtcNow;
        lab.ExaBgp.Hold(false);
        return (released, cpu);
    }

    private static (TimeSpan Poll, TimeSpan Latency, double CpuShare) MeasurePolling(int vips, int backends)
    {
        Console.WriteLine($"-- polling baseline at {vips * backends} rows");
        using var lab = LabEnvironment.Start(new LabOptions { Ovn = new OvnOptions { Northd = false }, StartExaBgp = false });
        var uuids = SouthboundLoad.Fill(lab.Ovn.SbSocket, vips, backends);
        var poll = Stopwatch.StartNew();
        Tool.Run("ovn-sbctl", [$"--db=unix:{lab.Ovn.SbSocket}", "--format=json", "list", "Service_Monitor"], timeout: TimeSpan.FromMinutes(2));
        var onePoll = poll.Elapsed;

        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(PluginBinary.RepositoryRoot, "tests", "ExaHealth.Benchmarks", "polling_baseline.py"), "--db", $"unix:{lab.Ovn.SbSocket}", "--policy", "any-offline" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        var lines = new BlockingCollection<(TimeSpan At, string Line)>();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add((clock.Elapsed, line));
            }
        });
        int announced = 0;
        while (announced < vips && lines.TryTake(out var l, TimeSpan.FromMinutes(3)))
        {
            announced += l.Line.StartsWith("announce", StringComparison.Ordinal) ? 1 : 0;
        }

        using var db = new OvsdbTransactor(lab.Ovn.SbSocket);
        var latency = new List<double>();
        double cpuBefore = Cpu(process.Id);
        var window = Stopwatch.StartNew();
        for (int f = 0; f < 6; f++)
        {
            int vip = f * 13 % vips;
            var sent = clock.Elapsed;
            db.Transact("OVN_Southbound", [SouthboundLoad.SetStatusByUuid(uuids[vip * backends], "offline")]);
            while (lines.TryTake(out var line, TimeSpan.FromSeconds(30)))
            {
                if (line.Line.Contains(SouthboundLoad.Vip(vip) + "/32", StringComparison.Ordinal))
                {
                    latency.Add((line.At - sent).TotalMilliseconds);
                    break;
                }
            }
        }

        double cpuShare = (Cpu(process.Id) - cpuBefore) / window.Elapsed.TotalSeconds;
        process.Kill(entireProcessTree: true);
        Console.WriteLine($"   one ovn-sbctl list {onePoll.TotalSeconds:0.00} s, latency p50 {Percentile(latency, 0.5):0} ms, CPU {cpuShare * 100:0}% of a core");
        return (onePoll, TimeSpan.FromMilliseconds(Percentile(latency, 0.5)), cpuShare);
    }

    /// <summary>
    /// The floor: one raw client sends the plugin's monitor_cond and receives the complete reply,
    /// framed as it arrives (the end of a JSON text can only be found by tokenizing it), nothing more.
    /// </summary>
    internal static TimeSpan Floor(string socketPath, string? saveTo = null)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var pipe = System.IO.Pipelines.PipeReader.Create(stream, new System.IO.Pipelines.StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var request = new ArrayBufferWriter<byte>();
        OvsdbRequestWriter.WriteMonitor(request, 1, MonitorMethod.Cond, SouthboundSchema.Request, "floor", null);
        var clock = Stopwatch.StartNew();
        socket.Send(request.WrittenSpan);
        var framer = new JsonMessageFramer(1L << 32);
        while (true)
        {
            var read = pipe.ReadAsync().AsTask().GetAwaiter().GetResult();
            var buffer = read.Buffer;
            if (framer.TryReadMessage(ref buffer, out var message))
            {
                var elapsed = clock.Elapsed;
                if (saveTo is not null)
                {
                    File.WriteAllBytes(saveTo, message.ToArray());
                }

                pipe.Complete();
                return elapsed;
            }

            pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The native plugin on the lab's configuration, its lines timestamped; returns once every VIP is announced.</summary>
    private static PluginProcess StartSynced(LabEnvironment lab, LineTracker tracker)
    {
        var plugin = PluginProcess.Start(lab.ConfigPath);
        plugin.KeepCommands = false;
        plugin.LineObserver = tracker.Observe;
        Wait.UntilAsync(() => tracker.AnnouncedAllAt > TimeSpan.Zero, TimeSpan.FromSeconds(120), $"{tracker.Target} announced").GetAwaiter().GetResult();
        return plugin;
    }

    /// <summary>The same idle reading with a metrics file as well, whose rows the plugin then keeps.</summary>
    private static long IdleWithMetrics(LabEnvironment lab, int vips)
    {
        WriteConfig(lab, "any-offline", metrics: true);
        using var plugin = StartSynced(lab, new LineTracker { Target = vips });
        Thread.Sleep(IdleWait);
        long idle = plugin.MemoryKiB("VmRSS");
        Console.WriteLine($"   with a metrics file: idle {idle / 1024} MiB");
        plugin.CloseInput();
        plugin.WaitForExit(TimeSpan.FromSeconds(5));
        return idle;
    }

    private static void WriteConfig(LabEnvironment lab, string policy, bool metrics = true) => lab.WriteConfig(new JsonObject
    {
        ["routes"] = new JsonObject { ["allowedPrefixes"] = new JsonArray("10.0.0.0/8") },
        ["policy"] = new JsonObject { ["withdrawWhen"] = policy },
        // EXAHEALTH_BENCH_LOG_LEVEL=Warning: what the 10,000 per-VIP log lines cost (finding where ExaBGP figures go).
        ["logging"] = new JsonObject { ["level"] = Environment.GetEnvironmentVariable("EXAHEALTH_BENCH_LOG_LEVEL") ?? "Information" },
        // The lab writes a metrics file; SPEC's default has none.
        ["state"] = metrics ? new JsonObject() : new JsonObject { ["metricsFile"] = null },
    });

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

    private static DateTime LogTime(string log, string fragment) =>
        DateTime.Parse(log.Split('\n').Last(l => l.Contains(fragment, StringComparison.Ordinal))[..24], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>CPU seconds of a process and its waited-for children (the polling script and its ovn-sbctl runs).</summary>
    private static double Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
            + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static string Cpu() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";

    internal static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static void Row(string figure, string value, string target) => Rows.Add([figure, value, target]);

    private static string Ms(TimeSpan t) => t.TotalMilliseconds >= 1000 ? $"{t.TotalSeconds:0.00} s" : $"{t.TotalMilliseconds:0} ms";

    private static string Mib(long kib) => $"{kib / 1024.0:0.0} MiB ({kib * 1024 / 1e6:0.0} MB)";

    private static string Latency(List<double> l) => $"{Percentile(l, 0.5):0.00} / {Percentile(l, 0.99):0.00} / {l.Max():0.00} ms";

    [GeneratedRegex(@"Destination:\s*(\d+)")]
    private static partial Regex Destinations();
}
