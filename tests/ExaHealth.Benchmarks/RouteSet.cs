namespace ExaHealth.Benchmarks;

/// <summary>
/// The set of prefixes a plugin has announced, as ExaBGP would hold it, rebuilt from its stdout
/// lines (single "announce route P ..." and grouped "... attributes ... nlri P1 P2" forms). Also
/// counts the commands the contract forbids: an announce of a prefix already announced, a withdraw
/// of one that is not.
/// </summary>
internal sealed class RouteSet
{
    private readonly HashSet<string> _announced = [];
    private readonly Lock _lock = new();
    private long _lines;
    private long _changes;
    private long _redundant;
    private TimeSpan _lastLineAt;

    public int Count => Read(() => _announced.Count);

    public long Lines => Read(() => _lines);

    /// <summary>Prefixes announced or withdrawn so far (a grouped line counts each).</summary>
    public long Changes => Read(() => _changes);

    public long Redundant => Read(() => _redundant);

    /// <summary>When the last line arrived, on the plugin process's clock.</summary>
    public TimeSpan LastLineAt => Read(() => _lastLineAt);

    public HashSet<string> Snapshot()
    {
        lock (_lock)
        {
            return [.. _announced];
        }
    }

    public void Observe(TimeSpan at, string line)
    {
        bool announce = line.Contains("announce ", StringComparison.Ordinal);
        lock (_lock)
        {
            _lastLineAt = at;
            foreach (var prefix in Prefixes(line))
            {
                bool changed = announce ? _announced.Add(prefix) : _announced.Remove(prefix);
                _redundant += changed ? 0 : 1;
                _changes++;
            }

            _lines++;
        }
    }

    private T Read<T>(Func<T> value)
    {
        lock (_lock)
        {
            return value();
        }
    }

    /// <summary>The same reading of a line as <see cref="LineTracker"/>'s (kept apart: that one is being edited).</summary>
    private static string[] Prefixes(string line)
    {
        int nlri = line.IndexOf(" nlri ", StringComparison.Ordinal);
        if (nlri >= 0)
        {
            return line[(nlri + 6)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        int route = line.IndexOf(" route ", StringComparison.Ordinal);
        if (route < 0)
        {
            return [];
        }

        int end = line.IndexOf(' ', route + 7);
        return [end < 0 ? line[(route + 7)..] : line[(route + 7)..end]];
    }
}
