using ExaHealth.Northbound;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The configured Northbound as the pipeline sees it: its replica, whether the first decision still
/// waits for it, and what each of its events changes. It refines, it never gates (SPEC section 2):
/// until its first snapshot and while it is lost, the Southbound alone decides.
/// </summary>
internal sealed class NorthboundLink(ILogger logger)
{
    private readonly HashSet<Guid> _changed = [];
    private readonly HashSet<Guid> _unwrittenSaid = [];

    /// <summary>Null when ovsdb.northbound is not configured.</summary>
    public NorthboundReplica? Replica { get; private set; }

    /// <summary>Set while the Southbound is synced but the first decision waits for the Northbound.</summary>
    public DateTimeOffset? AwaitingSince { get; private set; }

    /// <summary>It refused or dropped the connection before its first snapshot.</summary>
    public bool Away { get; private set; }

    /// <summary>A new configuration (or the first): a configured Northbound is monitored afresh.</summary>
    public void Reset(bool configured)
    {
        Replica = configured ? new NorthboundReplica() : null;
        Away = false;
    }

    /// <summary>Whether a first decision would be made without a Northbound that may still answer.</summary>
    public bool WouldGate => Replica is { Synced: false } && !Away;

    public void StartWaiting(DateTimeOffset now) => AwaitingSince ??= now;

    /// <summary>The first decision has waited <see cref="Pipeline.NorthboundFirstWait"/>: it goes ahead without the Northbound.</summary>
    public bool WaitedLongEnough(DateTimeOffset now) => now - AwaitingSince >= Pipeline.NorthboundFirstWait;

    /// <summary>Why it does not refine decisions right now, for the status; null when it does or is not configured.</summary>
    public string? IgnoredReason(bool awaiting) => Replica is null || Replica.Usable ? null
        : awaiting ? $"northbound not synced yet: the first decision waits for it up to {Pipeline.NorthboundFirstWait.TotalSeconds:0} s"
        : Replica.Synced ? "northbound lost: deciding from the southbound alone"
        : "northbound not synced yet: deciding from the southbound alone";

    /// <summary>What the Northbound says of one vips entry, for the Southbound replica; null when none is configured.</summary>
    public Func<Guid, string, HealthCheckConfig?>? Checks => Replica is { } northbound ? (id, key) => CheckOf(northbound, id, key) : null;

    /// <summary>
    /// One event applied, and the VIPs whose health-check configuration changed marked in
    /// <paramref name="touched"/>, in the current replica and in one still being streamed.
    /// </summary>
    public NorthboundChange Refine(OvsdbEvent database, SouthboundLink southbound, SouthboundReplica replica, ISet<System.Net.IPAddress> touched, StatusMarks status)
    {
        var change = Apply(database, out var changed);
        if (change != NorthboundChange.Changed)
        {
            return change;
        }

        southbound.Recheck(changed);
        replica.Recheck(changed, touched);
        if (database is OvsdbSnapshot)
        {
            CheckUnwritten(replica, southbound.Synced);
        }

        if (changed is null)
        {
            status.MarkAll();
        }

        return change;
    }

    /// <summary>
    /// Applies one event; <paramref name="changed"/> is the balancers whose configuration changed, null
    /// for all of them (it became usable, or was lost). A resumed reply carries only the missed changes.
    /// </summary>
    private NorthboundChange Apply(OvsdbEvent database, out IReadOnlySet<Guid>? changed)
    {
        changed = _changed;
        _changed.Clear();
        switch (database)
        {
            case OvsdbDisconnected when Replica is { Synced: false }:
                Away = true;
                return NorthboundChange.Away;
            case OvsdbDisconnected when Replica?.Lost() == true:
                RuntimeLog.NorthboundIgnored(logger, "lost");
                changed = null;
                return NorthboundChange.Changed;
            case OvsdbSnapshot snapshot when Replica is { } replica:
                bool wasUsable = replica.Usable;
                replica.Apply(snapshot.Updates.Decode(), snapshot: !snapshot.Resumed, _changed);
                replica.Connected();
                if (!wasUsable)
                {
                    RuntimeLog.NorthboundRefining(logger, replica.BalancerCount, snapshot.Resumed ? "resumed" : "snapshot");
                    changed = null;
                }

                return NorthboundChange.Changed;
            case OvsdbUpdate update when Replica is { } replica:
                replica.Apply(update.Updates.Decode(), snapshot: false, _changed);
                return NorthboundChange.Changed;
            default:
                return NorthboundChange.None;
        }
    }

    /// <summary>
    /// Once both databases are complete: an NB load balancer no SB row comes from cannot have its VIPs
    /// announced; said once per balancer (right after an insert ovn-northd may not have written it yet,
    /// so only snapshots look).
    /// </summary>
    public void CheckUnwritten(SouthboundReplica southbound, bool southboundSynced)
    {
        if (Replica is not { Usable: true } || !southboundSynced)
        {
            return;
        }

        var written = southbound.NorthboundRows();
        foreach (var (uuid, name) in Replica.Balancers)
        {
            if (!written.Contains(uuid) && _unwrittenSaid.Add(uuid))
            {
                RuntimeLog.NorthboundWithoutSouthbound(logger, new Text.Untrusted(name), uuid);
            }
        }
    }

    public void Trim() => _changed.TrimExcess();

    private static HealthCheckConfig? CheckOf(NorthboundReplica northbound, Guid balancer, string key) =>
        northbound.IsChecked(balancer, key) is { } isChecked ? new HealthCheckConfig(isChecked, northbound.MappedPorts(balancer)) : null;
}
