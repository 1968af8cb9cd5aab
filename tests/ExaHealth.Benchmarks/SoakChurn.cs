using System.Diagnostics;
using ExaHealth.Lab;

namespace ExaHealth.Benchmarks;

/// <summary>
/// Flips statuses at a fixed rate for a fixed time, one transaction a flip, pipelined (replies
/// are counted on another thread), and reads the plugin and ovsdb-server every 30 s and after the last
/// flip, from the same loop, so sampling never races the load.
/// </summary>
internal static class SoakChurn
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(30);

    public static SoakChurnResult Run(string socket, int pluginPid, int serverPid, string[] uuids, StatusChurner churner, int rate, TimeSpan duration)
    {
        using var db = new OvsdbTransactor(socket);
        using var stop = new CancellationTokenSource();
        int committed = 0, failed = 0;
        var drain = Task.Run(() => db.DrainReplies((_, ok) =>
        {
            Interlocked.Increment(ref committed);
            Interlocked.Add(ref failed, ok ? 0 : 1);
        }, stop.Token));

        var plugin = new List<ProcessSample>();
        var server = new List<ProcessSample>();
        var minutes = new List<ChurnMinute>();
        int sent = 0, sentAtMinute = 0, committedAtMinute = 0;
        var nextSample = TimeSpan.Zero;
        var minuteStart = TimeSpan.Zero;
        long total = (long)(rate * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        while (sent < total)
        {
            if (clock.Elapsed >= nextSample)
            {
                plugin.Add(ProcessSample.Take(pluginPid, clock.Elapsed));
                server.Add(ProcessSample.Take(serverPid, clock.Elapsed));
                nextSample += SampleEvery;
            }

            if (clock.Elapsed - minuteStart >= TimeSpan.FromMinutes(1))
            {
                var now = clock.Elapsed;
                int c = Volatile.Read(ref committed);
                minutes.Add(new ChurnMinute(minutes.Count + 1, (now - minuteStart).TotalSeconds, sent - sentAtMinute, c - committedAtMinute));
                (sentAtMinute, committedAtMinute, minuteStart) = (sent, c, now);
            }

            // Paced in 1 ms steps (the flips due are sent, then a sleep): spinning would take a core
            // from the plugin and ovsdb-server on a small machine.
            long due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                var (row, offline) = churner.Next();
                db.Send("OVN_Southbound", [SouthboundLoad.SetStatusByUuid(uuids[row], offline ? "offline" : "online")]);
            }

            Thread.Sleep(1);
        }

        var elapsed = clock.Elapsed;
        plugin.Add(ProcessSample.Take(pluginPid, elapsed));
        server.Add(ProcessSample.Take(serverPid, elapsed));
        if (sent > sentAtMinute)
        {
            minutes.Add(new ChurnMinute(minutes.Count + 1, (elapsed - minuteStart).TotalSeconds, sent - sentAtMinute, Volatile.Read(ref committed) - committedAtMinute));
        }

        // Every flip must be committed before the plugin's output can be compared with the database.
        Wait.UntilAsync(() => Volatile.Read(ref committed) >= sent, TimeSpan.FromMinutes(2), "ovsdb-server to commit every flip", 50)
            .GetAwaiter().GetResult();

        stop.Cancel();
        drain.Wait(TimeSpan.FromSeconds(5));
        return new SoakChurnResult(plugin, server, minutes, sent, Volatile.Read(ref failed), elapsed);
    }
}
