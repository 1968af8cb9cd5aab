using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The stages in order, without I/O: Southbound rows in, route changes out. Each input re-evaluates
/// only the VIPs it touched, from their whole current state (level-triggered), through the
/// <see cref="VipReconciler"/>; this class says which VIPs an input touches and when deciding may
/// start. Time comes in as an argument.
/// </summary>
internal sealed class Pipeline
{
    /// <summary>
    /// How long the first decision waits for a configured Northbound that has not answered yet.
    /// Deciding from the Southbound alone and refining a moment later announces VIPs the NB then
    /// withdraws (checked, no rows): a flap on every start, and a pair ExaBGP 5.0 was seen to lose.
    /// </summary>
    public static readonly TimeSpan NorthboundFirstWait = TimeSpan.FromSeconds(2);

    private readonly HashSet<IPAddress> _touched = [];
    private readonly ILogger _logger;
    private readonly VipReconciler _vips;
    private readonly NorthboundLink _northbound;
    private readonly SouthboundLink _southbound;
    private readonly LossWatch _loss;

    public Pipeline(Settings settings, ILogger logger)
    {
        _logger = logger;
        _northbound = new NorthboundLink(logger);
        _northbound.Reset(settings.Northbound is not null);
        _southbound = new SouthboundLink(NewReplica);
        _vips = new VipReconciler(settings, NewReplica(settings), logger);
        _loss = new LossWatch(_vips, logger);
    }

    /// <summary>False until the first complete snapshot: nothing is decided or sent before it.</summary>
    public bool Synced { get; private set; }

    public RouteTable Routes => _vips.Routes;

    public SouthboundReplica Replica => _vips.Replica;

    public PolicyEngine Policy => _vips.Policy;

    public Settings Settings => _vips.Settings;

    public bool Maintenance => _vips.Maintenance;

    /// <summary>Why the configured Northbound does not refine decisions right now, for the status; null when it does.</summary>
    public string? NorthboundIgnored => _northbound.IgnoredReason(AwaitingNorthbound);

    /// <summary>True while the first decision waits for the Northbound (at most <see cref="NorthboundFirstWait"/>).</summary>
    public bool AwaitingNorthbound => _northbound.AwaitingSince is not null && !Synced;

    /// <summary>Every route withdrawn because the Southbound has been away longer than onDatabaseLoss.graceSeconds.</summary>
    public bool DatabaseLossWithdrawn => _vips.Loss.Withdrawn;

    /// <summary>Why routes are withheld from every VIP right now, for the status; null when they are not.</summary>
    public string? Drained => _vips.Maintenance ? $"maintenance: {Settings.DisableFile} exists"
        : _vips.Loss.Withdrawn ? "southbound unreachable longer than onDatabaseLoss.graceSeconds" : null;

    /// <summary>How long until a draining VIP is withdrawn (routes.gracefulShutdown); null when it is not draining.</summary>
    public TimeSpan? DrainLeft(IPNetwork prefix, DateTimeOffset now) => _vips.Drain?.Until(prefix, now) - now;

    /// <summary>Why a draining VIP drains, for the status.</summary>
    public string DrainReason(IPNetwork prefix) =>
        Drained ?? (_vips.Drain?.Excluded(prefix) is not null ? "no longer selected by routes.loadBalancers" : "planned withdraw");

    /// <summary>
    /// SIGTERM with routes.withdrawOnExit and routes.gracefulShutdown: every announced route is
    /// announced again with the GRACEFUL_SHUTDOWN attributes; <see cref="WithdrawAll"/> follows.
    /// </summary>
    public List<RouteChange> DrainAll() => _vips.DrainAll();

    /// <summary>Withdraws everything announced (routes.withdrawOnExit).</summary>
    public List<RouteChange> WithdrawAll() => _vips.WithdrawAll();

    /// <summary>
    /// Routes a previous incarnation announced (the state file). ExaBGP keeps them when its plugin
    /// dies; the first snapshot withdraws those no longer wanted and announces the rest afresh.
    /// </summary>
    public void Inherit(IEnumerable<Route> routes) => _vips.Inherit(routes);

    /// <summary>
    /// A complete Southbound state: a full snapshot replaces the replica, a resumed monitor
    /// (monitor_cond_since found the last transaction) brings it up to date with the missed changes.
    /// Either way everything is decided again, and a database loss is over.
    /// </summary>
    public List<RouteChange> OnSnapshot(OvsdbSnapshot snapshot, DateTimeOffset now)
    {
        _vips.Now = now;
        _touched.Clear();
        _vips.Replica = _southbound.Snapshot(_vips.Replica, snapshot, Settings, _touched);
        _vips.Replica.CheckChassis(now, _touched);
        _loss.Back(now);
        if (!Synced && _northbound.WouldGate)
        {
            _northbound.StartWaiting(now);
            return [];
        }

        return DecideAll(now);
    }

    /// <summary>Part of a full snapshot still arriving: its rows go into the replica that will replace the current one.</summary>
    public void OnSnapshotPart(OvsdbSnapshotPart part) => _southbound.Part(part, Settings);

    /// <summary>The Southbound connection was lost: routes are held, or withdrawn after the grace period (onDatabaseLoss).</summary>
    public void OnDatabaseLost(DateTimeOffset now)
    {
        _southbound.Lost();
        if (Synced)
        {
            _vips.Loss.Lost(now);
        }
    }

    /// <summary>Once a second: the Northbound's first wait, and onDatabaseLoss (<see cref="LossWatch"/>).</summary>
    public List<RouteChange> OnHousekeeping(DateTimeOffset now)
    {
        _vips.Now = now;
        if (AwaitingNorthbound && _northbound.WaitedLongEnough(now))
        {
            return EndNorthboundWait(now);
        }

        return _loss.Housekeeping(now, _southbound.Synced);
    }

    /// <summary>A Southbound update: the rows are applied, and the VIPs they touched decided.</summary>
    /// <param name="update">The rows changed.</param>
    /// <param name="now">The time of the input.</param>
    /// <param name="early">
    /// When given, receives the changes in batches while the rest is still being decided (a large
    /// update's first commands go out early); the changes left over are returned.
    /// </param>
    public List<RouteChange> OnUpdate(OvsdbUpdate update, DateTimeOffset now, Action<List<RouteChange>>? early = null)
    {
        _vips.Now = now;
        if (!_southbound.Synced)
        {
            return [];
        }

        _touched.Clear();
        _vips.Replica.Apply(update.Updates, snapshot: false, _touched, deferFlips: true);
        _vips.Replica.CheckChassis(now, _touched);
        return Synced ? _vips.Evaluate(_touched.Concat(_vips.Replica.FlippedVips(_touched)), now, force: false, early) : [];
    }

    /// <summary>
    /// A Northbound event: a snapshot or update re-decides the VIPs whose health-check configuration
    /// changed, in the current replica and in one still being streamed.
    /// </summary>
    public List<RouteChange> OnNorthbound(OvsdbEvent database, DateTimeOffset now)
    {
        _vips.Now = now;
        _touched.Clear();
        var change = _northbound.Refine(database, _southbound, _vips.Replica, _touched, _vips.Status);
        if (change == NorthboundChange.None)
        {
            return [];
        }

        if (change == NorthboundChange.Away || (AwaitingNorthbound && database is OvsdbSnapshot))
        {
            return EndNorthboundWait(now);
        }

        return Synced && _southbound.Synced ? _vips.Evaluate(_touched, now, force: false) : [];
    }

    /// <summary>Observes the VIPs whose debounce interval has elapsed and releases dampened ones.</summary>
    public List<RouteChange> OnTick(DateTimeOffset now)
    {
        _vips.Now = now;
        if (AwaitingNorthbound && _northbound.WaitedLongEnough(now))
        {
            return EndNorthboundWait(now);
        }

        var changes = new List<RouteChange>();
        if (!Synced)
        {
            return changes;
        }

        _vips.Tick(now, _touched, changes);
        return changes;
    }

    public DateTimeOffset? NextDue()
    {
        if (AwaitingNorthbound)
        {
            return _northbound.AwaitingSince + NorthboundFirstWait;
        }

        return _vips.NextDue();
    }

    /// <summary>maintenance.disableFile appeared (true) or went away (false): every route follows.</summary>
    public List<RouteChange> SetMaintenance(bool on, DateTimeOffset? now = null)
    {
        _vips.Now = now ?? _vips.Now;
        if (on == _vips.Maintenance)
        {
            return [];
        }

        _vips.Maintenance = on;
        var changes = new List<RouteChange>();
        if (Synced)
        {
            _vips.ReconcileAll(_vips.Policy.Addresses.ToArray(), changes);
        }

        if (on && _vips.Drain is { } drain && changes.Count > 0)
        {
            RuntimeLog.DrainStarted(_logger, changes.Count(c => c.Kind == RouteChangeKind.Announce), drain.Settings.Duration.TotalSeconds);
        }

        return changes;
    }

    /// <summary>A new configuration (SIGHUP), applied as a difference at once: see <see cref="ReloadDiff"/>.</summary>
    public (List<RouteChange> Changes, bool Resubscribe) Reconfigure(Settings next, DateTimeOffset now)
    {
        var previous = Settings;
        bool resubscribe = ReloadDiff.Apply(_vips, previous, next, now);
        if (resubscribe)
        {
            // A new filter or new columns need the rows afresh.
            _northbound.Reset(next.Northbound is not null);
            _vips.Replica = _southbound.Reset(next);
        }

        return (ReloadDiff.Redecide(_vips, previous, next, Synced, resubscribe, now), resubscribe);
    }

    /// <summary>
    /// A BGP session came up: everything announced goes to that neighbor again (SPEC section 1),
    /// unless routes.neighbors restricts us to others.
    /// </summary>
    public List<RouteChange> OnNeighborUp(IPAddress peer) => _vips.Replays(peer);

    /// <summary>Changes ExaBGP answered <c>error</c> to (SPEC section 4): <see cref="VipReconciler.Refused"/>.</summary>
    public List<RouteChange> OnRefused(IReadOnlyList<RouteChange> refused)
    {
        _vips.Refused(refused);
        return [];
    }

    /// <summary>The VIPs whose status may have changed since the last call: <see cref="StatusMarks.Take"/>.</summary>
    public bool TakeStatusChanges(ISet<IPAddress> into) => _vips.Status.Take(into);

    /// <summary>Logs the VIP state changes decided since the last call (after their routes are handed on); many are held while <paramref name="commandsQueued"/> (<see cref="DecisionLog"/>).</summary>
    public void LogDecisions(bool commandsQueued = false, DateTimeOffset now = default) => _vips.Log.Flush(commandsQueued, now);

    /// <summary>
    /// Gives back the room a snapshot left in the sets each decision empties again, and lays the
    /// replica's backends out in row order after a snapshot; before the heap is compacted.
    /// </summary>
    public void TrimScratch()
    {
        _vips.Replica.LayOutIfDue();
        _touched.TrimExcess();
        _vips.Status.Trim();
        _northbound.Trim();
    }

    // The wait is over when the Northbound answers, is known to be away, or took too long.
    private List<RouteChange> EndNorthboundWait(DateTimeOffset now) =>
        AwaitingNorthbound && _southbound.Synced ? DecideAll(now) : [];

    /// <summary>
    /// After a snapshot everything is decided again: what the databases hold, and every VIP known
    /// or announced before (after a restart: by a previous incarnation), whether or not it is still there.
    /// </summary>
    private List<RouteChange> DecideAll(DateTimeOffset now)
    {
        bool first = !Synced;
        if (first && _northbound.Replica is { Usable: false })
        {
            RuntimeLog.NorthboundIgnored(_logger, "not synced yet");
        }

        Synced = true;
        _touched.UnionWith(_vips.Replica.VipAddresses);
        _touched.UnionWith(_vips.Policy.Addresses);
        _touched.UnionWith(_vips.Routes.Prefixes.Select(p => p.BaseAddress));

        var changes = _vips.Evaluate(_touched, now, force: first);
        _vips.Reconciled(changes, first);
        _northbound.CheckUnwritten(_vips.Replica, _southbound.Synced);
        RuntimeLog.SnapshotDecided(_logger, _vips.Replica.LoadBalancerCount, _vips.Replica.ServiceMonitorCount, _vips.Replica.VipCount,
            _vips.Routes.Count, changes.Count, first ? "first snapshot" : "resynchronised");
        return changes;
    }

    private SouthboundReplica NewReplica(Settings settings) =>
        new(settings.LoadBalancerFilter, _logger, settings.UsesOvnTiming, _northbound.Checks, settings.StaleChassis);
}
