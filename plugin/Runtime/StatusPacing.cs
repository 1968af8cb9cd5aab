namespace ExaHealth.Runtime;

/// <summary>
/// When the status and metrics files are written: within a second of a change (the housekeeping
/// tick) and every policy.interval, one write at a time. While route commands wait for ExaBGP the
/// write is held, for one interval at most: at 10,000 VIPs it is a hundred milliseconds of CPU and
/// a collection, taken from ExaBGP and the router on a small host while they carry the routes
/// (issue 12). The status those commands change is written once they are out; one that ExaBGP does
/// not answer still gets written, since that is when an operator reads it.
/// </summary>
internal sealed class StatusPacing
{
    private DateTimeOffset _nextWrite = DateTimeOffset.MinValue;
    private readonly CommandsHold _hold = new();

    /// <summary>
    /// Whether to write now. <paramref name="changed"/>: something the files show changed since the
    /// last write; <paramref name="force"/>: write even if nothing did.
    /// </summary>
    public bool Due(bool changed, bool force, bool writing, bool commandsQueued, TimeSpan interval, DateTimeOffset now)
    {
        if (writing || (!force && !changed && now < _nextWrite))
        {
            return false;
        }

        return !_hold.Holds(commandsQueued, now, interval);
    }

    /// <summary>A write started at <paramref name="now"/>: the next one is due an interval later.</summary>
    public void Started(TimeSpan interval, DateTimeOffset now)
    {
        _hold.Release();
        _nextWrite = now + interval;
    }
}
