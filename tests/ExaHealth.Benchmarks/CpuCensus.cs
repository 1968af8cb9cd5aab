using System.Globalization;

namespace ExaHealth.Benchmarks;

/// <summary>
/// CPU seconds of every process on the machine, by command name, at one moment. Two readings give
/// who used the two cores during a window (issue 12: ExaBGP, GoBGP, ovsdb-server and the plugin
/// share them). The benchmark's own waited-for children (the gobgp CLI of each RIB poll) are
/// counted as "gobgp CLI (polls)".
/// </summary>
internal sealed class CpuCensus
{
    private readonly Dictionary<int, (string Name, double Seconds)> _byPid;

    private CpuCensus(Dictionary<int, (string Name, double Seconds)> byPid) => _byPid = byPid;

    public static CpuCensus Take()
    {
        var byPid = new Dictionary<int, (string, double)>();
        int self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
                var f = stat[(close + 2)..].Split(' ');
                double Ticks(int i) => long.Parse(f[i], CultureInfo.InvariantCulture) / 100.0;
                byPid[pid] = (stat[(open + 1)..close], Ticks(11) + Ticks(12));
                if (pid == self)
                {
                    byPid[-1] = ("gobgp CLI (polls)", Ticks(13) + Ticks(14));
                }
                else if (stat[(open + 1)..close] == "exahealth")
                {
                    AddThreads(byPid, dir);
                }
            }
            catch (IOException)
            {
                // Gone between the listing and the read.
            }
        }

        return new CpuCensus(byPid);
    }

    /// <summary>The plugin's threads, as "exahealth/NAME" under negative keys (thread ids are unique machine-wide).</summary>
    private static void AddThreads(Dictionary<int, (string, double)> byPid, string dir)
    {
        foreach (var task in Directory.EnumerateDirectories(Path.Combine(dir, "task")))
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
            var f = stat[(close + 2)..].Split(' ');
            int tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
            byPid[-1 - tid] = ("exahealth/" + stat[(open + 1)..close], (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / 100.0);
        }
    }

    /// <summary>CPU milliseconds used since <paramref name="before"/>, by name, largest first, as one line.</summary>
    public string Since(CpuCensus before, TimeSpan wall)
    {
        var used = new Dictionary<string, double>();
        foreach (var (pid, (name, seconds)) in _byPid)
        {
            // By PID alone: a kernel worker renames itself after the work it does.
            double earlier = before._byPid.TryGetValue(pid, out var b) ? b.Seconds : 0;
            string key = name.StartsWith("kworker", StringComparison.Ordinal) ? "kernel workers" : name;
            used[key] = used.GetValueOrDefault(key) + (seconds - earlier);
        }

        var top = used.Where(u => u.Value >= 0.02).OrderByDescending(u => u.Value).Take(12)
            .Select(u => $"{u.Key} {u.Value * 1000:0}");
        return $"CPU ms in {wall.TotalMilliseconds:0} ms of wall clock ({2 * wall.TotalMilliseconds:0} on 2 cores): {string.Join(", ", top)}";
    }
}
