namespace ExaHealth.Benchmarks;

/// <summary>
/// The soak's verdicts and its Markdown. Flat means no growth with the number of flips. Under
/// load, the readings from the first minute on (the GC's budget is grown by then) are split into
/// an earlier and a later half: the later half's lowest and highest VmRSS may each be at most
/// max(5 MiB, 10 %) above the earlier half's. Single readings are not compared: the GC's sawtooth
/// moves them by about 10 MiB, while a leak lifts both its floor and its ceiling (100 bytes a flip
/// would lift them by 25 MiB in 4.5 minutes at 1,000 flips/s). Once idle again: the same open
/// descriptors as before the churn and no more threads (the thread pool retires the workers it
/// added after 20 s idle), and idle VmRSS back within max(5 MiB, 10 %) of where it was (the plugin
/// compacts once quiet after a burst, as it does after a snapshot). Nothing lost: the running plugin's announced set, a fresh instance's and the one computed
/// from the database are equal, every flip committed and the database holds what the churn wrote.
/// </summary>
internal static class SoakReport
{
    private const long SlackKiB = 5 * 1024;

    public static bool Flat(SoakFigures f) => RssFlat(f.Churn) && IdleBack(f) && f.End.Fds == f.Start.Fds && f.End.Threads <= f.Start.Threads;

    private static bool IdleBack(SoakFigures f) => f.End.RssKiB <= f.Start.RssKiB + Math.Max(5 * 1024, f.Start.RssKiB / 10);

    /// <summary>The readings under load from the first minute on (halfway for shorter runs), in an earlier and a later half.</summary>
    public static (List<ProcessSample> Early, List<ProcessSample> Late) Windows(SoakChurnResult c)
    {
        var warmAt = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, c.Elapsed.Ticks / 2));
        var warm = c.Plugin.Where(p => p.At >= warmAt).ToList();
        warm = warm.Count >= 2 ? warm : c.Plugin;
        return (warm[..(warm.Count / 2)], warm[(warm.Count / 2)..]);
    }

    private static bool RssFlat(SoakChurnResult c)
    {
        var (early, late) = Windows(c);
        long limit = Limit(early);
        return late.Min(p => p.RssKiB) <= early.Min(p => p.RssKiB) + limit && late.Max(p => p.RssKiB) <= early.Max(p => p.RssKiB) + limit;
    }

    private static long Limit(List<ProcessSample> early) => Math.Max(SlackKiB, early.Max(p => p.RssKiB) / 10);

    public static bool Equal(SoakFigures f) =>
        f.Running.SetEquals(f.Database) && f.Fresh.SetEquals(f.Database) && f.ModelMismatches == 0 && f.Churn.Failed == 0;

    /// <summary>Section 4 of the contract: a command only on a change.</summary>
    public static bool NoRedundant(SoakFigures f) => f.RunningRedundant == 0 && f.FreshRedundant == 0;

    public static List<string> Markdown(SoakFigures f, string header)
    {
        var c = f.Churn;
        var lines = new List<string>
        {
            header,
            string.Empty,
            "| plugin at | VmRSS | RssAnon | VmHWM | fds | threads | plugin CPU | ovsdb-server CPU |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        };
        var rows = new List<(string Label, ProcessSample Plugin, ProcessSample? Server)>();
        for (int i = 0; i < c.Plugin.Count; i++)
        {
            var at = c.Plugin[i].At;
            rows.Add((i == 0 ? "start (synced, idle, before churn)" : i == c.Plugin.Count - 1 ? $"{Clock(at)} last flip" : Clock(at), c.Plugin[i], c.Server[i]));
        }

        rows.Add(($"end ({f.End.At.TotalSeconds - c.Elapsed.TotalSeconds:0} s after the last flip, quiet)", f.End, null));
        for (int i = 0; i < rows.Count; i++)
        {
            var (label, p, server) = rows[i];
            string pluginCpu = i == 0 ? "" : Share(rows[i - 1].Plugin, p);
            string serverCpu = i == 0 || server is null || rows[i - 1].Server is not { } before ? "" : Share(before, server);
            lines.Add($"| {label} | {Mib(p.RssKiB)} | {Mib(p.RssAnonKiB)} | {Mib(p.HwmKiB)} | {p.Fds} | {p.Threads} | {pluginCpu} | {serverCpu} |");
        }

        lines.AddRange([string.Empty, "| minute | flips sent/s | flips committed/s |", "| --- | --- | --- |"]);
        lines.AddRange(c.Minutes.Select(m => $"| {m.Index}{(m.Seconds < 59 ? $" ({m.Seconds:0} s)" : "")} | {m.SentRate:0} | {m.CommittedRate:0} |"));

        var first = c.Plugin[0];
        var last = c.Plugin[^1];
        var (early, late) = Windows(c);
        var serverFirst = c.Server[0];
        var serverLast = c.Server[^1];
        double seconds = c.Elapsed.TotalSeconds;
        lines.AddRange(
        [
            string.Empty,
            "| figure | measured | verdict |",
            "| --- | --- | --- |",
            $"| flips: asked / sent / committed (failed) | {f.Rate}/s / {c.Sent / seconds:0}/s / {c.Minutes.Sum(m => m.Committed) / seconds:0}/s ({c.Failed}) | {(c.Sent / seconds >= f.Rate * 0.95 ? "at rate" : "BELOW RATE")} |",
            $"| route changes the plugin wrote during the run (announce + withdraw prefixes) | {f.RunningChanges} ({f.RunningChanges / seconds:0}/s) | |",
            $"| CPU over the churn: plugin / ovsdb-server (% of one core) | {(last.CpuSeconds - first.CpuSeconds) / seconds * 100:0} % / {(serverLast.CpuSeconds - serverFirst.CpuSeconds) / seconds * 100:0} % | |",
            $"| plugin CPU per flip | {(last.CpuSeconds - first.CpuSeconds) / c.Sent * 1e3:0.000} ms | |",
            $"| last plugin line after the last flip | {f.DrainAfterLastFlip.TotalMilliseconds:0} ms | |",
            $"| VmRSS under load, floor / ceiling: {Span(early)} → {Span(late)} (limit) | {Mib(early.Min(p => p.RssKiB))} / {Mib(early.Max(p => p.RssKiB))} → {Mib(late.Min(p => p.RssKiB))} / {Mib(late.Max(p => p.RssKiB))} ({Signed(late.Min(p => p.RssKiB) - early.Min(p => p.RssKiB))} / {Signed(late.Max(p => p.RssKiB) - early.Max(p => p.RssKiB))}; ≤ +{Mib(Limit(early))}) | {Verdict(RssFlat(c))} |",
            $"| RssAnon under load, floor / ceiling: earlier → later half | {Mib(early.Min(p => p.RssAnonKiB))} / {Mib(early.Max(p => p.RssAnonKiB))} → {Mib(late.Min(p => p.RssAnonKiB))} / {Mib(late.Max(p => p.RssAnonKiB))} | |",
            $"| VmRSS trend over the second half of the churn | {Slope(c.Plugin.Skip(c.Plugin.Count / 2).ToList())} | |",
            $"| idle VmRSS (RssAnon) before the churn → after it | {Mib(f.Start.RssKiB)} ({Mib(f.Start.RssAnonKiB)}) → {Mib(f.End.RssKiB)} ({Mib(f.End.RssAnonKiB)}) | {Verdict(IdleBack(f))} |",
            $"| VmHWM before the churn → end | {Mib(f.Start.HwmKiB)} → {Mib(f.End.HwmKiB)} | |",
            $"| open fds idle before → after (max under load) | {f.Start.Fds} → {f.End.Fds} ({c.Plugin.Max(p => p.Fds)}) | {Verdict(f.End.Fds == f.Start.Fds)} |",
            $"| threads idle before → after (max under load) | {f.Start.Threads} → {f.End.Threads} ({c.Plugin.Max(p => p.Threads)}) | {Verdict(f.End.Threads <= f.Start.Threads)} |",
            $"| **flatness** | | **{Verdict(Flat(f))}** |",
            $"| running plugin's announced set = database's (any-offline) | {Compare(f.Running, f.Database)} | {Verdict(f.Running.SetEquals(f.Database))} |",
            $"| fresh instance's announced set = database's (its sync {f.FreshSync.TotalMilliseconds:0} ms) | {Compare(f.Fresh, f.Database)} | {Verdict(f.Fresh.SetEquals(f.Database))} |",
            $"| running = fresh | {Compare(f.Running, f.Fresh)} | {Verdict(f.Running.SetEquals(f.Fresh))} |",
            $"| database statuses = what the churn wrote (rows differing) | {f.ModelMismatches} | {Verdict(f.ModelMismatches == 0 && c.Failed == 0)} |",
            $"| **equality** | | **{Verdict(Equal(f))}** |",
            $"| redundant commands (announce of an announced prefix, withdraw of an absent one): running / fresh | {f.RunningRedundant} / {f.FreshRedundant} | {Verdict(NoRedundant(f))} |",
            $"| warnings and errors in the plugin's log | {f.LogProblems} | |",
        ]);
        return lines;
    }

    private static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

    private static string Span(List<ProcessSample> samples) => $"{Clock(samples[0].At)}–{Clock(samples[^1].At)}";

    private static string Clock(TimeSpan t) => $"t+{(int)t.TotalMinutes}:{t.Seconds:00}";

    private static string Mib(long kib) => $"{kib / 1024.0:0.0} MiB";

    private static string Signed(long kib) => (kib >= 0 ? "+" : "−") + Mib(Math.Abs(kib));

    private static string Share(ProcessSample before, ProcessSample after) =>
        $"{(after.CpuSeconds - before.CpuSeconds) / (after.At - before.At).TotalSeconds * 100:0} %";

    private static string Compare(HashSet<string> a, HashSet<string> b)
    {
        if (a.SetEquals(b))
        {
            return $"equal, {a.Count} prefixes";
        }

        var onlyA = a.Except(b).ToList();
        var onlyB = b.Except(a).ToList();
        return $"{a.Count} vs {b.Count}: {onlyA.Count} only left ({string.Join(' ', onlyA.Take(3))}), {onlyB.Count} only right ({string.Join(' ', onlyB.Take(3))})";
    }

    /// <summary>Least-squares slope of VmRSS against time, in MiB a minute.</summary>
    private static string Slope(List<ProcessSample> samples)
    {
        if (samples.Count < 3)
        {
            return "too few samples";
        }

        double mx = samples.Average(s => s.At.TotalMinutes), my = samples.Average(s => s.RssKiB / 1024.0);
        double slope = samples.Sum(s => (s.At.TotalMinutes - mx) * (s.RssKiB / 1024.0 - my)) / samples.Sum(s => Math.Pow(s.At.TotalMinutes - mx, 2));
        return $"{slope:+0.00;−0.00} MiB/min over {samples.Count} samples";
    }
}
