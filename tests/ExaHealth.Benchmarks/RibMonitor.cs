using System.Collections.Concurrent;
using System.Diagnostics;

namespace ExaHealth.Benchmarks;

/// <summary>
/// `gobgp monitor global rib -j` kept running: every RIB change GoBGP reports, stamped with the
/// benchmark's clock when the line arrives (polling the RIB would add ~100 ms of CLI per look).
/// </summary>
internal sealed class RibMonitor : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<(TimeSpan At, string Line)> _lines = [];

    public RibMonitor(string target, string family, Stopwatch clock)
    {
        var start = new ProcessStartInfo("gobgp") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--target", target, "monitor", "global", "rib", "-a", family, "-j" })
        {
            start.ArgumentList.Add(a);
        }

        _process = Process.Start(start)!;
        _ = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                _lines.Add((clock.Elapsed, line));
            }
        });
    }

    /// <summary>Waits for the next change of <paramref name="prefix"/> (withdrawal or not) and returns when it arrived.</summary>
    public TimeSpan Next(string prefix, bool withdrawal, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var item, TimeSpan.FromMilliseconds(50))
                && item.Line.Contains(prefix, StringComparison.Ordinal)
                && item.Line.Contains("\"withdrawal\":true", StringComparison.Ordinal) == withdrawal)
            {
                return item.At;
            }
        }

        throw new TimeoutException($"no {(withdrawal ? "withdrawal" : "announcement")} of {prefix} from gobgp monitor");
    }

    public void Drain()
    {
        while (_lines.TryTake(out _))
        {
        }
    }

    public void Dispose()
    {
        _process.Kill();
        _process.Dispose();
        _lines.Dispose();
    }
}
