namespace ExaHealth.Ovsdb;

/// <summary>
/// What the client remembers from one connection to the next: the highest Raft log index seen
/// (a member behind it is stale and is left for another), the last transaction id (to resume a
/// monitor instead of taking a full snapshot), and what the servers turned out not to support.
/// </summary>
internal sealed class ClusterMemory
{
    public long MaxIndex { get; set; }

    /// <summary>Last transaction id of the monitored database; null when unknown or standalone (all zeros).</summary>
    public Guid? LastTransaction { get; set; }

    public MonitorMethod Method { get; set; } = MonitorMethod.CondSince;

    /// <summary>False once a server answered that it has no _Server database (very old ovsdb-server).</summary>
    public bool ServerDatabase { get; set; } = true;
}
