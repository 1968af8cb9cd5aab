using System.Globalization;

namespace ExaHealth.Benchmarks;

/// <summary>
/// One reading of a process from /proc: resident size (all, anonymous, peak), open descriptors,
/// threads and CPU seconds so far. <paramref name="At"/> is the time since the soak's churn began
/// (negative before it).
/// </summary>
internal sealed record ProcessSample(TimeSpan At, long RssKiB, long RssAnonKiB, long HwmKiB, int Fds, int Threads, double CpuSeconds)
{
    public static ProcessSample Take(int pid, TimeSpan at)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long Field(string name) => long.Parse(
            status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture);
        return new ProcessSample(at, Field("VmRSS"), Field("RssAnon"), Field("VmHWM"),
            Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, (int)Field("Threads"), ReadCpuSeconds(pid));
    }

    /// <summary>User + system CPU seconds (utime, stime of /proc/PID/stat; 100 ticks a second on Linux).</summary>
    public static double ReadCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
