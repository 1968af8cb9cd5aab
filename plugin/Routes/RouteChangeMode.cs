namespace ExaHealth.Routes;

/// <summary>How the ExaBGP writer may merge a change with others still waiting to be written.</summary>
internal enum RouteChangeMode : byte
{
    /// <summary>Only the net effect counts: a change undone before it is written is not written.</summary>
    Normal,

    /// <summary>Written even when ExaBGP should already have the route (the first snapshot, after a restart).</summary>
    Forced,

    /// <summary>A route announced again to one peer that came up: sent as is, if the route is still announced then.</summary>
    Replay,
}
