using System.Collections.Concurrent;

namespace ExaHealth.Benchmarks;

/// <summary>
/// Reads the plugin's command lines as they arrive: how many VIPs are announced (and when all
/// were), which expected prefix arrived when, and, during churn, the lag of every flip from its
/// send time to the line that carries it.
/// </summary>
internal sealed class LineTracker
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TimeSpan>> _expected = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TimeSpan>> _sent = new();
    private readonly ConcurrentBag<(TimeSpan Sent, double Lag)> _lags = [];
    private int _announced;
    private int _pending;
    private volatile bool _capturing;

    public int Announced => Volatile.Read(ref _announced);

    /// <summary>How many announced prefixes make the initial sync complete.</summary>
    public int Target { get; init; } = int.MaxValue;

    public TimeSpan AnnouncedAllAt { get; private set; }

    public int Pending => Volatile.Read(ref _pending);

    public TaskCompletionSource<TimeSpan> Expect(string vip)
    {
        var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected[vip + "/32"] = done;
        return done;
    }

    public void Sent(string vip, TimeSpan at)
    {
        _sent.GetOrAdd(vip + "/32", _ => new ConcurrentQueue<TimeSpan>()).Enqueue(at);
        Interlocked.Increment(ref _pending);
    }

    public void StartLagCapture()
    {
        _lags.Clear();
        _capturing = true;
    }

    public List<(TimeSpan Sent, double Lag)> StopLagCapture()
    {
        _capturing = false;
        return [.. _lags];
    }

    public void Reset()
    {
        _sent.Clear();
        Volatile.Write(ref _pending, 0);
    }

    public void Observe(TimeSpan at, string line)
    {
        bool announce = line.StartsWith("announce", StringComparison.Ordinal);
        foreach (var prefix in Prefixes(line))
        {
            if (announce && Interlocked.Increment(ref _announced) == Target)
            {
                AnnouncedAllAt = at;
            }

            if (_expected.TryRemove(prefix, out var done))
            {
                done.TrySetResult(at);
            }

            if (_capturing && _sent.TryGetValue(prefix, out var queue) && queue.TryDequeue(out var sent))
            {
                Interlocked.Decrement(ref _pending);
                _lags.Add((sent, (at - sent).TotalMilliseconds));
            }
        }
    }

    /// <summary>The prefixes of "announce route P ..." or "... attributes ... nlri P1 P2".</summary>
    private static IEnumerable<string> Prefixes(string line)
    {
        int nlri = line.IndexOf(" nlri ", StringComparison.Ordinal);
        if (nlri >= 0)
        {
            foreach (var prefix in line[(nlri + 6)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return prefix;
            }

            yield break;
        }

        int route = line.IndexOf(" route ", StringComparison.Ordinal);
        if (route >= 0)
        {
            int end = line.IndexOf(' ', route + 7);
            yield return end < 0 ? line[(route + 7)..] : line[(route + 7)..end];
        }
    }
}
