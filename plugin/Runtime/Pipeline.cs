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
    private readonly HashSet<IPNetwork> _inherited = [];
    private readonly ILogger _logger;
    private readonly VipReconciler _vips;
    private readonly NorthboundLink _northbound;
    private SouthboundReplica? _staging;
    private bool _southboundSynced;

    public Pipeline(Settings settings, ILogger logger)
    {
        _logger = logger;
        _northbound = new NorthboundLink(logger);
        _northbound.Reset(settings.Northbound is not null);
        _vips = new VipReconciler(settings, NewReplica(settings), logger);
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
    public void Inherit(IEnumerable<Route> routes)
    {
        foreach (var route in routes)
        {
            _inherited.Add(route.Prefix);
        }

        _vips.Routes.Inherit(routes);
    }

    /// <summary>
    /// A complete Southbound state: a full snapshot replaces the replica, a resumed monitor
    /// (monitor_cond_since found the last transaction) brings it up to date with the missed changes.
    /// Either way everything is decided again, and a database loss is over.
    /// </summary>
    public List<RouteChange> OnSnapshot(OvsdbSnapshot snapshot, DateTimeOffset now)
    {
        _vips.Now = now;
        _touched.Clear();
        if (snapshot.Streamed)
        {
            // The rows came in parts, already collected into a new replica: it replaces the old one.
            var staged = _staging ?? NewReplica(Settings);
            _staging = null;
            staged.Apply(snapshot.Updates, snapshot: false, touched: null);
            staged.Compact();
            _touched.UnionWith(_vips.Replica.VipAddresses);
            _vips.Replica = staged;
        }
        else
        {
            _vips.Replica.Apply(snapshot.Updates, snapshot: !snapshot.Resumed, _touched);
        }

        _vips.Replica.CheckChassis(now, _touched);
        _southboundSynced = true;
        if (_vips.Loss.Back(now) is { } away)
        {
            RuntimeLog.DatabaseBack(_logger, away.TotalSeconds);
        }

        if (!Synced && _northbound.WouldGate)
        {
            _northbound.StartWaiting(now);
            return [];
        }

        return DecideAll(now);
    }

    /// <summary>Part of a full snapshot still arriving: its rows go into the replica that will replace the current one.</summary>
    public void OnSnapshotPart(OvsdbSnapshotPart part) =>
        (_staging ??= NewReplica(Settings)).Apply(part.Part, snapshot: false, touched: null);

    /// <summary>The Southbound connection was lost: routes are held, or withdrawn after the grace period (onDatabaseLoss).</summary>
    public void OnDatabaseLost(DateTimeOffset now)
    {
        _staging = null;
        if (Synced)
        {
            _vips.Loss.Lost(now);
        }
    }

    /// <summary>Once a second: a warning every minute while the database is away, and the withdraw when its grace has run out.</summary>
    public List<RouteChange> OnHousekeeping(DateTimeOffset now)
    {
        _vips.Now = now;
        if (AwaitingNorthbound && now - _northbound.AwaitingSince >= NorthboundFirstWait)
        {
            return EndNorthboundWait(now);
        }

        if (!_vips.Loss.IsLost && !_southboundSynced && _vips.Routes.Count > 0)
        {
            // Routes are held (inherited from the state file, or kept over a resubscription) while no
            // Southbound has answered: the loss policy applies to them as to a lost connection.
            _vips.Loss.Lost(now);
        }

        var step = _vips.Loss.Step(now, Settings.DatabaseLoss);
        if (step.Warn)
        {
            RuntimeLog.DatabaseStillLost(_logger, step.LostFor.TotalSeconds, step.WasWithdrawn ? "all routes withdrawn (onDatabaseLoss: withdraw)" : "routes held");
        }

        if (!step.Withdraw)
        {
            return [];
        }

        RuntimeLog.DatabaseLossWithdraw(_logger, step.LostFor.TotalSeconds);
        var changes = new List<RouteChange>();
        _vips.ReconcileAll(_vips.Policy.Addresses.Concat(_vips.Routes.Prefixes.Select(p => p.BaseAddress)).Distinct().ToArray(), changes);
        return changes;
    }

    public List<RouteChange> OnUpdate(OvsdbUpdate update, DateTimeOffset now)
    {
        _vips.Now = now;
        if (!_southboundSynced)
        {
            return [];
        }

        _touched.Clear();
        _vips.Replica.Apply(update.Updates, snapshot: false, _touched);
        _vips.Replica.CheckChassis(now, _touched);
        return Synced ? _vips.Evaluate(_touched, now, force: false) : [];
    }

    /// <summary>
    /// A Northbound event: a snapshot or update re-decides the VIPs whose health-check configuration
    /// changed, in the current replica and in one still being streamed.
    /// </summary>
    public List<RouteChange> OnNorthbound(OvsdbEvent database, DateTimeOffset now)
    {
        _vips.Now = now;
        _touched.Clear();
        switch (_northbound.Apply(database, out var changed))
        {
            case NorthboundChange.None:
                return [];
            case NorthboundChange.Away:
                return EndNorthboundWait(now);
        }

        _staging?.Recheck(changed, touched: null);
        _vips.Replica.Recheck(changed, _touched);
        if (database is OvsdbSnapshot)
        {
            _northbound.CheckUnwritten(_vips.Replica, _southboundSynced);
        }

        if (changed is null)
        {
            _vips.Status.MarkAll();
        }

        if (AwaitingNorthbound && database is OvsdbSnapshot)
        {
            return EndNorthboundWait(now);
        }

        return Synced && _southboundSynced ? _vips.Evaluate(_touched, now, force: false) : [];
    }

    /// <summary>Observes the VIPs whose debounce interval has elapsed and releases dampened ones.</summary>
    public List<RouteChange> OnTick(DateTimeOffset now)
    {
        _vips.Now = now;
        if (AwaitingNorthbound && now - _northbound.AwaitingSince >= NorthboundFirstWait)
        {
            return EndNorthboundWait(now);
        }

        var changes = new List<RouteChange>();
        if (!Synced)
        {
            return changes;
        }

        _vips.EndDrains(now, changes);
        if (_vips.Replica.ChassisDue <= now)
        {
            // A chassis left an nb_cfg bump unanswered for policy.staleChassis.seconds: its backends go offline.
            _touched.Clear();
            _vips.Replica.CheckChassis(now, _touched);
            changes.AddRange(_vips.Evaluate(_touched, now, force: false));
        }

        _vips.Tick(now, changes);
        return changes;
    }

    public DateTimeOffset? NextDue()
    {
        if (AwaitingNorthbound)
        {
            return _northbound.AwaitingSince + NorthboundFirstWait;
        }

        DateTimeOffset? due = _vips.Policy.NextDue();
        foreach (var other in (ReadOnlySpan<DateTimeOffset?>)[_vips.Replica.ChassisDue, _vips.Drain?.NextDue(_vips.Now)])
        {
            if (other is { } at && (due is null || at < due))
            {
                due = at;
            }
        }

        return due;
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

    /// <summary>
    /// Applies a new configuration (SIGHUP) as a difference, at once (SPEC section 1): VIPs whose
    /// policy changed are observed again, and every route is brought to the new settings, so only
    /// what changed produces a command; a prefix now outside routes.allowedPrefixes is withdrawn even
    /// before anything was decided. Returns true when the databases must be monitored afresh
    /// (remotes, columns or the load-balancer filter changed): the routes still allowed are then held
    /// under the new attributes until the new snapshot, and the loss policy covers a remote that does
    /// not answer.
    /// </summary>
    public (List<RouteChange> Changes, bool Resubscribe) Reconfigure(Settings next, DateTimeOffset now)
    {
        _vips.Status.MarkAll();
        _vips.Now = now;
        var previous = _vips.Settings;
        _vips.Settings = next;
        if (!Equals(previous.Routes.GracefulShutdown, next.Routes.GracefulShutdown))
        {
            // Drains in progress end now: each route is decided again under the new setting.
            _vips.Drain = next.Routes.GracefulShutdown is { } graceful ? new GracefulDrain(graceful) : null;
        }

        _vips.Policy.Reconfigure(next.PolicyFor);
        ReloadDiff.ExcludeByFilter(_vips.Drain, _vips.Replica, _vips.Routes, previous, next);
        bool resubscribe = ReloadDiff.NeedsResubscribe(previous, next);
        if (resubscribe)
        {
            // A new filter or new columns need the rows afresh.
            _northbound.Reset(next.Northbound is not null);
            _vips.Replica = NewReplica(next);
            _staging = null;
            _southboundSynced = false;
        }

        return (_vips.Reload(previous, next, Synced, resubscribe, now), resubscribe);
    }

    /// <summary>
    /// A BGP session came up: everything announced goes to that neighbor again (SPEC section 1),
    /// unless routes.neighbors restricts us to others.
    /// </summary>
    public List<RouteChange> OnNeighborUp(IPAddress peer) => _vips.Replays(peer);

    /// <summary>
    /// Changes ExaBGP answered <c>error</c> to (SPEC section 4). A refused announce is not announced:
    /// the route table forgets it (status and state file follow) and it goes again on the next
    /// decision for its VIP or the next neighbor up, not at once (ExaBGP would refuse it again). A
    /// refused withdraw leaves the route withdrawn. A refused attribute change leaves the version ExaBGP
    /// still holds in the table. An announce the table has moved past since, and a
    /// replay to one peer, are left alone.
    /// </summary>
    public List<RouteChange> OnRefused(IReadOnlyList<RouteChange> refused)
    {
        _vips.Refused(refused);
        return [];
    }

    /// <summary>
    /// The VIPs whose status may have changed since the last call (added to <paramref name="into"/>);
    /// true when every VIP's may have (a new configuration), so the caller rebuilds all.
    /// </summary>
    public bool TakeStatusChanges(ISet<IPAddress> into) => _vips.Status.Take(into);

    /// <summary>Logs the VIP state changes of the decisions made since the last call (after their routes are handed on).</summary>
    public void LogDecisions() => _vips.Log.Flush();

    /// <summary>
    /// Gives back the room a snapshot or a burst left in the sets that each decision empties again
    /// (every VIP is touched by a snapshot); called before the heap is compacted.
    /// </summary>
    public void TrimScratch()
    {
        _touched.TrimExcess();
        _vips.Status.Trim();
        _northbound.Trim();
    }

    // The wait is over when the Northbound answers, is known to be away, or took too long.
    private List<RouteChange> EndNorthboundWait(DateTimeOffset now) =>
        AwaitingNorthbound && _southboundSynced ? DecideAll(now) : [];

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
        if (first && _inherited.Count > 0)
        {
            int withdrawn = changes.Count(c => c.Kind == RouteChangeKind.Withdraw);
            RuntimeLog.Reconciled(_logger, _inherited.Count, withdrawn);
        }

        _inherited.Clear();
        _northbound.CheckUnwritten(_vips.Replica, _southboundSynced);
        RuntimeLog.SnapshotDecided(_logger, _vips.Replica.LoadBalancerCount, _vips.Replica.ServiceMonitorCount, _vips.Replica.VipCount,
            _vips.Routes.Count, changes.Count, first ? "first snapshot" : "resynchronised");
        return changes;
    }

    private SouthboundReplica NewReplica(Settings settings) =>
        new(settings.LoadBalancerFilter, _logger, settings.UsesOvnTiming, _northbound.Checks, settings.StaleChassis);
}
