namespace ExaHealth.Ovsdb;

/// <summary>
/// What the client remembers from one connection to the next: the highest Raft log index seen
/// (a member behind it is stale and is left for another), the cluster it was seen in, the last
/// transaction id (to resume a monitor instead of taking a full snapshot), and what the servers
/// turned out not to support. The index is forgotten when it cannot be right any more: a server
/// of another cluster (restored from a backup, rebuilt), or every remote answering stale.
/// </summary>
internal sealed class ClusterMemory
{
    private readonly HashSet<OvsdbRemote> _staleRemotes = [];

    public long MaxIndex { get; set; }

    /// <summary>The cluster id (_Server Database cid) of the last clustered server used; null until one is seen.</summary>
    public Guid? ClusterId { get; private set; }

    /// <summary>Last transaction id of the monitored database; null when unknown or standalone (all zeros).</summary>
    public Guid? LastTransaction { get; set; }

    public MonitorMethod Method { get; set; } = MonitorMethod.CondSince;

    /// <summary>False once a server answered that it has no _Server database (very old ovsdb-server).</summary>
    public bool ServerDatabase { get; set; } = true;

    /// <summary>
    /// A clustered server's cid. True when it differs from the one remembered: index and transaction
    /// of the other cluster mean nothing here and are forgotten.
    /// </summary>
    public bool ObserveCluster(Guid clusterId)
    {
        bool changed = ClusterId is { } known && known != clusterId;
        ClusterId = clusterId;
        if (changed)
        {
            Forget();
        }

        return changed;
    }

    /// <summary>
    /// <paramref name="remote"/> answered with an index behind <see cref="MaxIndex"/>. True when, since
    /// the last fit server, each of the <paramref name="remotes"/> remotes has: the whole cluster is
    /// behind (restored from a backup), so the index is forgotten and the server may be used.
    /// </summary>
    public bool Stale(OvsdbRemote remote, int remotes)
    {
        _staleRemotes.Add(remote);
        if (_staleRemotes.Count < remotes)
        {
            return false;
        }

        Forget();
        return true;
    }

    /// <summary>A server was found fit: the round of stale answers starts again.</summary>
    public void Fit() => _staleRemotes.Clear();

    private void Forget()
    {
        MaxIndex = 0;
        LastTransaction = null;
        _staleRemotes.Clear();
    }
}
