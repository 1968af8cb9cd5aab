using System.Diagnostics;
using ExaHealth.Lab;

namespace ExaHealth.Benchmarks;

/// <summary>
/// Issue 14's figures on the two-site lab with FRR: from the Service_Monitor change at site A (the
/// ovn-sbctl that makes the decisive change, included) to FRR's best path changing, for failure,
/// recovery and degraded; and for the graceful drain, how long FRR had site B as its only best path
/// before site A's withdraw (should equal routes.gracefulShutdown.seconds). FRR is read by polling
/// vtysh (each read takes 10–20 ms: that is the resolution).
/// </summary>
internal static class TwoSiteBenchmark
{
    private const double DrainSeconds = 3;

    public static int Run(int rounds)
    {
        Console.WriteLine($"Two-site lab, FRR: {rounds} rounds of failure, recovery, degraded; {rounds} graceful drains of {DrainSeconds} s");
        using var lab = TwoSiteLab.Start(gracefulSeconds: DrainSeconds);
        Wait(lab, p => p.Count == 2, "both sites");
        Console.WriteLine($"FRR: {lab.Router.Vtysh("show version").Split('\n').FirstOrDefault(l => l.StartsWith("FRRouting", StringComparison.Ordinal))?.Trim()}");
        var failure = new List<double>();
        var recovery = new List<double>();
        var degraded = new List<double>();
        var drainHeld = new List<double>();
        var drainMove = new List<double>();
        string net = lab.A.BackendNet;
        for (int i = 0; i < rounds; i++)
        {
            lab.A.Ovn.SetStatus($"{net}.226", "offline");
            Wait(lab, p => p.Count == 2 && p.Any(x => lab.A.Owns(x) && x.Med == 300), "degraded first");
            failure.Add(Time(lab, () => lab.A.Ovn.SetStatus($"{net}.227", "offline"), p => p is [{ Best: true } only] && lab.B.Owns(only), "failure"));
            recovery.Add(Time(lab, () => lab.A.Ovn.SetStatus($"{net}.227", "online"), p => p.Count == 2 && p.Any(x => lab.A.Owns(x)), "recovery"));
            lab.A.Ovn.SetStatus($"{net}.226", "online");
            Wait(lab, p => p.Count == 2 && p.All(x => x.Med == 100), "whole again");
            degraded.Add(Time(lab, () => lab.A.Ovn.SetStatus($"{net}.227", "offline"),
                p => p.Count == 2 && p.Any(x => lab.A.Owns(x) && x.Med == 300) && p.Any(x => lab.B.Owns(x) && x.Best), "degraded"));
            lab.A.Ovn.SetStatus($"{net}.227", "online");
            Wait(lab, p => p.Count == 2 && p.All(x => x.Med == 100), "whole again");
        }

        for (int i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            File.WriteAllText(lab.A.DisableFile, "");
            Wait(lab, p => p.Count == 2 && p.Any(x => lab.A.Owns(x) && x.LocalPreference == 0) && p.Any(x => lab.B.Owns(x) && x.Best), "moved to B");
            var moved = clock.Elapsed;
            Wait(lab, p => p is [{ Best: true } only] && lab.B.Owns(only), "site A withdrawn", DrainSeconds + 5);
            drainMove.Add(moved.TotalMilliseconds);
            drainHeld.Add((clock.Elapsed - moved).TotalMilliseconds);
            File.Delete(lab.A.DisableFile);
            Wait(lab, p => p.Count == 2 && p.All(x => x.LocalPreference != 0), "back");
        }

        Console.WriteLine();
        Console.WriteLine("| Service_Monitor change at site A → FRR's best path changes (ms) | p50 | p90 | min | max | n |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Stats.Row("failure (last backend offline → only site B)", failure);
        Stats.Row("recovery (a backend online → two paths)", recovery);
        Stats.Row("degraded (1 of 2 online → MED 300, site B best)", degraded);
        Stats.Row("graceful drain: disable file → FRR moved to site B", drainMove);
        Stats.Row($"graceful drain: FRR had site B best before site A's withdraw (seconds = {DrainSeconds})", drainHeld);
        return 0;
    }

    private static double Time(TwoSiteLab lab, Action change, Func<IReadOnlyList<FrrPath>, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        change();
        Wait(lab, done, what);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static void Wait(TwoSiteLab lab, Func<IReadOnlyList<FrrPath>, bool> done, string what, double seconds = 15) =>
        lab.WaitRouterAsync(TwoSiteLab.Vip, done, what, seconds).GetAwaiter().GetResult();
}
