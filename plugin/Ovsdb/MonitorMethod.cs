namespace ExaHealth.Ovsdb;

/// <summary>The monitor request a server understands, best first (ovsdb-server(7)).</summary>
internal enum MonitorMethod
{
    /// <summary>monitor_cond_since: resumes from a transaction id, update3 notifications.</summary>
    CondSince,

    /// <summary>monitor_cond: update2 notifications.</summary>
    Cond,

    /// <summary>RFC 7047 monitor: update notifications with old/new rows.</summary>
    Plain,
}
