namespace ExaHealth.Runtime;

/// <summary>
/// Side work that is heavy at 10,000 VIPs (the status file, a mass event's log lines) waits while
/// route commands wait for ExaBGP, for a bounded time: on a small host it would take the CPU from
/// ExaBGP and the router while they carry the routes (issue 12), and a stuck ExaBGP must not stop it.
/// </summary>
internal sealed class CommandsHold
{
    private DateTimeOffset? _since;

    /// <summary>Whether a hold is running (since the first <see cref="Holds"/> with commands queued, until <see cref="Release"/>).</summary>
    public bool Running => _since is not null;

    /// <summary>Whether the work waits now: commands are queued and the hold began less than <paramref name="atMost"/> ago.</summary>
    public bool Holds(bool commandsQueued, DateTimeOffset now, TimeSpan atMost)
    {
        if (!commandsQueued)
        {
            return false;
        }

        _since ??= now;
        return now - _since < atMost;
    }

    /// <summary>The work was done: the next hold counts from its own start.</summary>
    public void Release() => _since = null;
}
