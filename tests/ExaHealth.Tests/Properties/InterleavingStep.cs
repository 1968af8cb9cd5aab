namespace ExaHealth.Tests.Properties;

/// <summary>
/// One thing that happens to the plugin in the interleaving property: a database event, time
/// passing, a reload, a BGP peer coming up, ExaBGP answering a command. Each is played by
/// <see cref="InterleavingRun"/> against the pipeline as PluginRunner would feed it.
/// </summary>
internal abstract record InterleavingStep
{
    /// <summary>A full SB monitor reply (after a reconnection when connected): in one message, or streamed in <paramref name="Parts"/> parts.</summary>
    public sealed record SbSnapshot(int Parts) : InterleavingStep;

    /// <summary>A streamed SB snapshot of which only <paramref name="Delivered"/> of <paramref name="Parts"/> parts have arrived so far.</summary>
    public sealed record SbStreamStart(int Parts, int Delivered) : InterleavingStep;

    /// <summary>The rest of a streamed snapshot, then the updates the server queued behind it.</summary>
    public sealed record SbStreamFinish : InterleavingStep;

    /// <summary>monitor_cond_since found the last transaction seen: the SB sends only what was missed.</summary>
    public sealed record SbResume : InterleavingStep;

    /// <summary>One SB transaction; the pipeline hears of it only while connected.</summary>
    public sealed record SbUpdate(SbChange[] Changes) : InterleavingStep
    {
        public override string ToString() => $"SbUpdate [{string.Join(", ", Changes.AsEnumerable())}]";
    }

    public sealed record SbDisconnect : InterleavingStep;

    public sealed record NbSnapshot : InterleavingStep;

    public sealed record NbResume : InterleavingStep;

    public sealed record NbUpdate(NbChange[] Changes) : InterleavingStep
    {
        public override string ToString() => $"NbUpdate [{string.Join(", ", Changes.AsEnumerable())}]";
    }

    public sealed record NbDisconnect : InterleavingStep;

    /// <summary>Fake time moves on; housekeeping runs, and the debounce tick when due.</summary>
    public sealed record Advance(int Seconds) : InterleavingStep;

    /// <summary>SIGHUP with a new configuration.</summary>
    public sealed record Reload(InterleavingConfig Config) : InterleavingStep;

    public sealed record NeighborUp(int Peer) : InterleavingStep;

    /// <summary>The writer: takes the outbox when nothing is in flight, else ExaBGP answers the command in flight (<paramref name="Refuse"/>: <c>error</c> to an announce).</summary>
    public sealed record Writer(bool Refuse) : InterleavingStep;

    public sealed record Maintenance(bool On) : InterleavingStep;
}
