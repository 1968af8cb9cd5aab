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

    public static int Run(int vips, int backends, int flips, bool quick, int exabgpRounds)
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
            var bgp = MeasureExaBgp(vips, backends, exabgpRounds);
            Row($"{vips} VIPs into GoBGP's RIB through ExaBGP: snapshot decided → all in RIB (session up first; medians of the rounds)", Ms(bgp.Into), "≤ 0.5 s");
            Row($"site-wide failure (all {vips * backends} rows offline in one transaction) → RIB empty (from the complete notification at a raw client)", $"{Ms(bgp.Out)} ({Ms(bgp.OutFromNotification)})", "≤ 0.5 s");
            Row("ExaBGP's floor: the same grouped lines from a feeder, one in flight: in / out", $"{Ms(bgp.FloorInto)} / {Ms(bgp.FloorOut)}", "");
            Row($"plugin / floor, median of {bgp.Rounds} alternated rounds: into / failure from the notification", $"{bgp.IntoRatio:0.00} / {bgp.OutRatio:0.00}", "≤ 1.1");
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
    public static int ExaBgpOnly(int vips, int backends, int rounds)
    {
        MeasureExaBgp(vips, backends, rounds);
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

    private static DateTime LogTime(string log, string fragment) => ParseLogTime(log.Split('\n').Last(l => l.Contains(fragment, StringComparison.Ordinal)));

    /// <summary>The UTC time a plugin log line starts with.</summary>
    private static DateTime ParseLogTime(string line) =>
        DateTime.Parse(line[..24], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

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
