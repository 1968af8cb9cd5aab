namespace ExaHealth.ExaBgp;

/// <summary>What one line from ExaBGP on our stdin means.</summary>
internal enum ExaBgpInputKind
{
    /// <summary>Blank line (the text encoder sends one after each event).</summary>
    Blank,

    /// <summary>Ack: the previous command was accepted.</summary>
    Done,

    /// <summary>Ack: the previous command was refused.</summary>
    Error,

    /// <summary>A BGP session with <see cref="ExaBgpInput.Peer"/> is established.</summary>
    NeighborUp,

    /// <summary>A BGP session with <see cref="ExaBgpInput.Peer"/> went down.</summary>
    NeighborDown,

    /// <summary>ExaBGP is stopping.</summary>
    Shutdown,

    /// <summary>
    /// A JSON message from ExaBGP 6 or later, whose API defaults to another command grammar
    /// (<c>peer X announce ...</c>): refused with an error until supported (SPEC section 4).
    /// </summary>
    UnsupportedVersion,

    /// <summary>Anything else: other events, or junk.</summary>
    Other,
}
