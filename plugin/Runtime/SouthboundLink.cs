using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;

namespace ExaHealth.Runtime;

/// <summary>
/// The Southbound as the pipeline sees it: whether it is complete, and the replica a streamed full
/// snapshot is being collected into until it replaces the one in force.
/// </summary>
internal sealed class SouthboundLink(Func<Settings, SouthboundReplica> newReplica)
{
    private SouthboundReplica? _staging;

    /// <summary>A complete snapshot has been applied since the start or the last resubscription.</summary>
    public bool Synced { get; private set; }

    /// <summary>
    /// A complete state: a streamed full snapshot's collected rows replace <paramref name="current"/>
    /// (every VIP it had is touched); a resumed or unstreamed one is applied to it. Returns the replica in force.
    /// </summary>
    public SouthboundReplica Snapshot(SouthboundReplica current, OvsdbSnapshot snapshot, Settings settings, ISet<IPAddress> touched)
    {
        Synced = true;
        if (!snapshot.Streamed)
        {
            current.Apply(snapshot.Updates, snapshot: !snapshot.Resumed, touched);
            return current;
        }

        var staged = _staging ?? newReplica(settings);
        _staging = null;
        staged.Apply(snapshot.Updates, snapshot: false, touched: null);
        staged.Compact();
        touched.UnionWith(current.VipAddresses);
        return staged;
    }

    /// <summary>Part of a full snapshot still arriving: its rows go into the replica that will replace the current one.</summary>
    public void Part(OvsdbSnapshotPart part, Settings settings) =>
        (_staging ??= newReplica(settings)).Apply(part.Part, snapshot: false, touched: null);

    /// <summary>The Northbound changed: a replica still being collected follows too.</summary>
    public void Recheck(IReadOnlySet<Guid>? changed) => _staging?.Recheck(changed, touched: null);

    /// <summary>The connection was lost: a snapshot half collected is dropped.</summary>
    public void Lost() => _staging = null;

    /// <summary>Monitored afresh (a reload changed remotes, columns or the filter): a new, empty replica.</summary>
    public SouthboundReplica Reset(Settings settings)
    {
        _staging = null;
        Synced = false;
        return newReplica(settings);
    }
}
