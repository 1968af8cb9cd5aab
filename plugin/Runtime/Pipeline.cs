using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Health;
using ExaHealth.Northbound;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The stages in order, without I/O: Southbound rows in, route changes out. Each input re-evaluates
/// only the VIPs it touched, from their whole current state (level-triggered), and the route table
/// turns the result into the changes to send. Time comes in as an argument.
/// </summary>
internal sealed class Pipeline
{
    // A snapshot decides every VIP at once; the room that took is not kept for the next batch.
    private const int KeptDecisions = 1024;

    /// <summary>
    /// How long the first decision waits for a configured Northbound that has not answered yet.
    /// Deciding from the Southbound alone and refining a moment later announces VIPs the NB then
    /// withdraws (checked, no rows): a flap on every start, and a pair ExaBGP 5.0 was seen to lose.
    /// </summary>
    public static readonly TimeSpan NorthboundFirstWait = TimeSpan.FromSeconds(2);

    private readonly PolicyEngine _policy;
    private readonly RouteTable _routes = new();
    private readonly HashSet<IPAddress> _ignored = [];
    private readonly HashSet<IPAddress> _touched = [];
    private readonly HashSet<IPNetwork> _inherited = [];
    private readonly HashSet<IPAddress> _degraded = [];
    private readonly HashSet<Guid> _northboundChanged = [];
    private readonly HashSet<Guid> _unwrittenSaid = [];
    private readonly HashSet<IPAddress> _statusDirty = [];
    private readonly HashSet<IPAddress> _refused = [];

    // Refused announces ExaBGP may still hold in part (a replay to one peer it accepted): a withdraw is
    // owed for each unless it is announced again first.
    private readonly Dictionary<IPNetwork, Route> _owed = [];
    private readonly List<VipDecision> _decided = [];
    private bool _statusAllDirty = true;
    private readonly ILogger _logger;
    private NorthboundReplica? _northbound;
    private SouthboundReplica _replica;
    private SouthboundReplica? _staging;
    private Settings _settings;
    private bool _maintenance;
    private bool _southboundSynced;
    private DateTimeOffset? _lostSince;
    private DateTimeOffset _lastLossWarning;
    private bool _lossDrained;

    // Set while the Southbound is synced but the first decision waits for the Northbound.
    private DateTimeOffset? _awaitingNorthboundSince;
    private bool _northboundAway;

    // routes.gracefulShutdown: null when off. Reconcile reads the time of the input being decided.
    private GracefulDrain? _drain;
    private DateTimeOffset _now;

    public Pipeline(Settings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        _northbound = settings.Northbound is null ? null : new NorthboundReplica();
        _replica = NewReplica(settings);
        _policy = new PolicyEngine(settings.PolicyFor);
        _drain = settings.Routes.GracefulShutdown is { } graceful ? new GracefulDrain(graceful) : null;
    }

    /// <summary>How long until a draining VIP is withdrawn (routes.gracefulShutdown); null when it is not draining.</summary>
    public TimeSpan? DrainLeft(IPNetwork prefix, DateTimeOffset now) => _drain?.Until(prefix, now) - now;

    /// <summary>Why a draining VIP drains, for the status.</summary>
    public string DrainReason(IPNetwork prefix) =>
        Drained ?? (_drain?.Excluded(prefix) is not null ? "no longer selected by routes.loadBalancers" : "planned withdraw");

    /// <summary>
    /// SIGTERM with routes.withdrawOnExit and routes.gracefulShutdown: every announced route is
    /// announced again with the GRACEFUL_SHUTDOWN attributes; <see cref="WithdrawAll"/> follows.
    /// </summary>
    public List<RouteChange> DrainAll()
    {
        var changes = new List<RouteChange>();
        if (_drain is null)
        {
            return changes;
        }

        foreach (var route in _routes.Routes.ToArray())
        {
            if (_routes.Reconcile(route.Prefix, route with { Attributes = _drain.Settings.Apply(route.Attributes) }) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    /// <summary>False until the first complete snapshot: nothing is decided or sent before it.</summary>
    public bool Synced { get; private set; }

    public RouteTable Routes => _routes;

    public SouthboundReplica Replica => _replica;

    public PolicyEngine Policy => _policy;

    public Settings Settings => _settings;

    public bool Maintenance => _maintenance;

    /// <summary>
    /// Why the configured Northbound does not refine decisions right now (not synced yet, or lost),
    /// for the status; null when it does, or when none is configured.
    /// </summary>
    public string? NorthboundIgnored => _northbound is null || _northbound.Usable ? null
        : AwaitingNorthbound ? $"northbound not synced yet: the first decision waits for it up to {NorthboundFirstWait.TotalSeconds:0} s"
        : _northbound.Synced ? "northbound lost: deciding from the southbound alone"
        : "northbound not synced yet: deciding from the southbound alone";

    /// <summary>Every route withdrawn because the Southbound has been away longer than onDatabaseLoss.graceSeconds.</summary>
    public bool DatabaseLossWithdrawn => _lossDrained;

    /// <summary>Why routes are withheld from every VIP right now, for the status; null when they are not.</summary>
    public string? Drained => _maintenance ? $"maintenance: {_settings.DisableFile} exists"
        : _lossDrained ? "southbound unreachable longer than onDatabaseLoss.graceSeconds" : null;

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

        _routes.Inherit(routes);
    }

    /// <summary>
    /// A complete Southbound state: a full snapshot replaces the replica, a resumed monitor
    /// (monitor_cond_since found the last transaction) brings it up to date with the missed changes.
    /// Either way everything is decided again, and a database loss is over.
    /// </summary>
    public List<RouteChange> OnSnapshot(OvsdbSnapshot snapshot, DateTimeOffset now)
    {
        _now = now;
        _touched.Clear();
        if (snapshot.Streamed)
        {
            // The rows came in parts, already collected into a new replica: it replaces the old one.
            var staged = _staging ?? NewReplica(_settings);
            _staging = null;
            staged.Apply(snapshot.Updates, snapshot: false, touched: null);
            staged.Compact();
            _touched.UnionWith(_replica.VipAddresses);
            _replica = staged;
        }
        else
        {
            _replica.Apply(snapshot.Updates, snapshot: !snapshot.Resumed, _touched);
        }

        _replica.CheckChassis(now, _touched);
        _southboundSynced = true;
        if (_lostSince is { } since)
        {
            RuntimeLog.DatabaseBack(_logger, (now - since).TotalSeconds);
        }

        _lostSince = null;
        _lossDrained = false;
        if (!Synced && _northbound is { Synced: false } && !_northboundAway)
        {
            _awaitingNorthboundSince ??= now;
            return [];
        }

        return DecideAll(now);
    }

    /// <summary>True while the first decision waits for the Northbound (at most <see cref="NorthboundFirstWait"/>).</summary>
    public bool AwaitingNorthbound => _awaitingNorthboundSince is not null && !Synced;

    // The wait is over when the Northbound answers, is known to be away, or took too long.
    private List<RouteChange> EndNorthboundWait(DateTimeOffset now) =>
        AwaitingNorthbound && _southboundSynced ? DecideAll(now) : [];

    /// <summary>The Southbound connection was lost: routes are held, or withdrawn after the grace period (onDatabaseLoss).</summary>
    /// <summary>Part of a full snapshot still arriving: its rows go into the replica that will replace the current one.</summary>
    public void OnSnapshotPart(OvsdbSnapshotPart part) =>
        (_staging ??= NewReplica(_settings)).Apply(part.Part, snapshot: false, touched: null);

    public void OnDatabaseLost(DateTimeOffset now)
    {
        _staging = null;
        if (_lostSince is null && Synced)
        {
            _lostSince = now;
            _lastLossWarning = now;
        }
    }

    /// <summary>Once a second: a warning every minute while the database is away, and the withdraw when its grace has run out.</summary>
    public List<RouteChange> OnHousekeeping(DateTimeOffset now)
    {
        _now = now;
        if (AwaitingNorthbound && now - _awaitingNorthboundSince >= NorthboundFirstWait)
        {
            return EndNorthboundWait(now);
        }

        if (_lostSince is null && !_southboundSynced && _routes.Count > 0)
        {
            // Routes are held (inherited from the state file, or kept over a resubscription) while no
            // Southbound has answered: the loss policy applies to them as to a lost connection.
            _lostSince = now;
            _lastLossWarning = now;
        }

        if (_lostSince is not { } since)
        {
            return [];
        }

        var loss = _settings.DatabaseLoss;
        if (now - _lastLossWarning >= TimeSpan.FromMinutes(1))
        {
            _lastLossWarning = now;
            RuntimeLog.DatabaseStillLost(_logger, (now - since).TotalSeconds, _lossDrained ? "all routes withdrawn (onDatabaseLoss: withdraw)" : "routes held");
        }

        if (!loss.Withdraw || _lossDrained || now - since < loss.Grace)
        {
            return [];
        }

        _lossDrained = true;
        RuntimeLog.DatabaseLossWithdraw(_logger, (now - since).TotalSeconds);
        var changes = new List<RouteChange>();
        foreach (var address in _policy.Addresses.Concat(_routes.Prefixes.Select(p => p.BaseAddress)).Distinct().ToArray())
        {
            Reconcile(address, changes, force: false);
        }

        return changes;
    }

    public List<RouteChange> OnUpdate(OvsdbUpdate update, DateTimeOffset now)
    {
        _now = now;
        if (!_southboundSynced)
        {
            return [];
        }

        _touched.Clear();
        _replica.Apply(update.Updates, snapshot: false, _touched);
        _replica.CheckChassis(now, _touched);
        return Synced ? Evaluate(now, force: false) : [];
    }

    /// <summary>
    /// A Northbound event. The Northbound refines, it never gates (SPEC section 2): until its first
    /// snapshot and while it is lost, the Southbound alone decides; a snapshot or update re-decides the
    /// VIPs whose health-check configuration changed, in the current replica and in one still being
    /// streamed. A resumed reply carries only the missed changes, applied as the Southbound's are.
    /// </summary>
    public List<RouteChange> OnNorthbound(OvsdbEvent database, DateTimeOffset now)
    {
        _now = now;
        if (_northbound is null)
        {
            return [];
        }

        _northboundChanged.Clear();
        _touched.Clear();
        IReadOnlySet<Guid>? changed = _northboundChanged;
        switch (database)
        {
            case OvsdbDisconnected when !_northbound.Synced:
                _northboundAway = true;
                return EndNorthboundWait(now);
            case OvsdbDisconnected when _northbound.Lost():
                RuntimeLog.NorthboundIgnored(_logger, "lost");
                changed = null;
                break;
            case OvsdbSnapshot snapshot:
                bool wasUsable = _northbound.Usable;
                _northbound.Apply(snapshot.Updates.Decode(), snapshot: !snapshot.Resumed, _northboundChanged);
                _northbound.Connected();
                if (!wasUsable)
                {
                    RuntimeLog.NorthboundRefining(_logger, _northbound.BalancerCount, snapshot.Resumed ? "resumed" : "snapshot");
                    changed = null;
                }

                break;
            case OvsdbUpdate update:
                _northbound.Apply(update.Updates.Decode(), snapshot: false, _northboundChanged);
                break;
            default:
                return [];
        }

        _staging?.Recheck(changed, touched: null);
        _replica.Recheck(changed, _touched);
        if (database is OvsdbSnapshot)
        {
            CheckUnwritten();
        }

        _statusAllDirty |= changed is null;
        if (AwaitingNorthbound && database is OvsdbSnapshot)
        {
            return EndNorthboundWait(now);
        }

        return Synced && _southboundSynced ? Evaluate(now, force: false) : [];
    }

    /// <summary>
    /// After a snapshot everything is decided again: what the databases hold, and every VIP known
    /// or announced before (after a restart: by a previous incarnation), whether or not it is still there.
    /// </summary>
    private List<RouteChange> DecideAll(DateTimeOffset now)
    {
        bool first = !Synced;
        if (first && _northbound is { Usable: false })
        {
            RuntimeLog.NorthboundIgnored(_logger, "not synced yet");
        }

        Synced = true;
        _touched.UnionWith(_replica.VipAddresses);
        _touched.UnionWith(_policy.Addresses);
        _touched.UnionWith(_routes.Prefixes.Select(p => p.BaseAddress));

        var changes = Evaluate(now, force: first);
        if (first && _inherited.Count > 0)
        {
            int withdrawn = changes.Count(c => c.Kind == RouteChangeKind.Withdraw);
            RuntimeLog.Reconciled(_logger, _inherited.Count, withdrawn);
        }

        _inherited.Clear();
        CheckUnwritten();
        RuntimeLog.SnapshotDecided(_logger, _replica.LoadBalancerCount, _replica.ServiceMonitorCount, _replica.VipCount,
            _routes.Count, changes.Count, first ? "first snapshot" : "resynchronised");
        return changes;
    }

    /// <summary>Observes the VIPs whose debounce interval has elapsed and releases dampened ones.</summary>
    public List<RouteChange> OnTick(DateTimeOffset now)
    {
        _now = now;
        if (AwaitingNorthbound && now - _awaitingNorthboundSince >= NorthboundFirstWait)
        {
            return EndNorthboundWait(now);
        }

        var changes = new List<RouteChange>();
        if (!Synced)
        {
            return changes;
        }

        if (_drain is not null)
        {
            foreach (var prefix in _drain.Ended(now))
            {
                if (_routes.IsAnnounced(prefix))
                {
                    // The drain's time is up: the GRACEFUL_SHUTDOWN announce gives way to the withdraw.
                    Reconcile(prefix.BaseAddress, changes, force: false);
                }

                if (!_routes.IsAnnounced(prefix))
                {
                    _drain.Withdrawn(prefix);
                }
            }
        }

        if (_replica.ChassisDue <= now)
        {
            // A chassis left an nb_cfg bump unanswered for policy.staleChassis.seconds: its backends go offline.
            _touched.Clear();
            _replica.CheckChassis(now, _touched);
            changes.AddRange(Evaluate(now, force: false));
        }

        // A tick moves debounce streaks on ("changing: k/n"), decided or not.
        _statusDirty.UnionWith(_policy.Waiting);
        foreach (var decision in _policy.Tick(now))
        {
            LogDecision(decision);
            Reconcile(decision.Address, changes, force: false);
        }

        return changes;
    }

    public DateTimeOffset? NextDue()
    {
        if (AwaitingNorthbound)
        {
            return _awaitingNorthboundSince + NorthboundFirstWait;
        }

        DateTimeOffset? due = _policy.NextDue();
        foreach (var other in (ReadOnlySpan<DateTimeOffset?>)[_replica.ChassisDue, _drain?.NextDue(_now)])
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
        _now = now ?? _now;
        if (on == _maintenance)
        {
            return [];
        }

        _maintenance = on;
        var changes = new List<RouteChange>();
        if (Synced)
        {
            foreach (var address in _policy.Addresses.ToArray())
            {
                Reconcile(address, changes, force: false);
            }
        }

        if (on && _drain is not null && changes.Count > 0)
        {
            RuntimeLog.DrainStarted(_logger, changes.Count(c => c.Kind == RouteChangeKind.Announce), _drain.Settings.Duration.TotalSeconds);
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
        _statusAllDirty = true;
        _now = now;
        var previous = _settings;
        _settings = next;
        if (!Equals(previous.Routes.GracefulShutdown, next.Routes.GracefulShutdown))
        {
            // Drains in progress end now: each route is decided again under the new setting.
            _drain = next.Routes.GracefulShutdown is { } graceful ? new GracefulDrain(graceful) : null;
        }

        _policy.Reconfigure(next.PolicyFor);
        ExcludeByFilter(previous, next);
        bool resubscribe = !previous.Ovsdb.Remotes.SequenceEqual(next.Ovsdb.Remotes) || previous.UsesOvnTiming != next.UsesOvnTiming
            || previous.StaleChassis != next.StaleChassis
            || !Remotes(previous.Northbound).SequenceEqual(Remotes(next.Northbound))
            || !previous.LoadBalancerPatterns.SequenceEqual(next.LoadBalancerPatterns);
        if (resubscribe)
        {
            // A new filter or new columns need the rows afresh.
            _northbound = next.Northbound is null ? null : new NorthboundReplica();
            _replica = NewReplica(next);
            _staging = null;
            _southboundSynced = false;
            _northboundAway = false;
        }

        _ignored.Clear();
        var changes = new List<RouteChange>();
        foreach (var address in _policy.Addresses.Concat(_replica.VipAddresses).Concat(_routes.Prefixes.Select(p => p.BaseAddress)).Distinct().ToArray())
        {
            bool allowed = next.Routes.IsAllowed(address);
            if (!Synced && allowed)
            {
                // Inherited routes wait for the first snapshot to be reconciled.
                continue;
            }

            bool observe = !allowed || !previous.PolicyFor(address).Equals(next.PolicyFor(address)) || _policy.Find(address) is null;
            if (observe && !resubscribe && Observe(address, now) is { } decision)
            {
                LogDecision(decision);
            }
            else if (!allowed && _policy.Forget(address, "outside routes.allowedPrefixes") is { } forgotten)
            {
                LogDecision(forgotten);
            }

            Reconcile(address, changes, force: false);
        }

        return (changes, resubscribe);
    }

    /// <summary>
    /// A reload's routes.loadBalancers that no longer selects any balancer of an announced VIP is a
    /// planned withdraw (SPEC section 2): with routes.gracefulShutdown it is drained from the route it has.
    /// </summary>
    private void ExcludeByFilter(Settings previous, Settings next)
    {
        if (_drain is null)
        {
            return;
        }

        var filter = next.LoadBalancerFilter;
        _drain.Reselect(filter.Matches);
        if (previous.LoadBalancerPatterns.SequenceEqual(next.LoadBalancerPatterns))
        {
            return;
        }

        var balancers = new Dictionary<IPAddress, List<string>>();
        foreach (var (name, _, entry) in _replica.SelectedEntries())
        {
            var address = entry.Vip.Address.ToAddress();
            (balancers.TryGetValue(address, out var names) ? names : balancers[address] = []).Add(name);
        }

        foreach (var (address, names) in balancers)
        {
            var prefix = HostPrefix.For(address);
            if (!names.Any(filter.Matches) && next.Routes.IsAllowed(address) && _routes.Find(prefix) is { } route && _drain.Excluded(prefix) is null)
            {
                _drain.Exclude(route, [.. names]);
            }
        }
    }

    /// <summary>
    /// A BGP session came up: everything announced goes to that neighbor again (SPEC section 1),
    /// unless routes.neighbors restricts us to others.
    /// </summary>
    public List<RouteChange> OnNeighborUp(IPAddress peer)
    {
        var changes = new List<RouteChange>();
        foreach (var route in _routes.Routes)
        {
            var neighbors = route.Attributes.Neighbors;
            if (!_settings.Routes.IsAllowed(route.Prefix.BaseAddress))
            {
                // Withdrawn by the reload that excluded it; never replayed meanwhile.
                continue;
            }

            if (neighbors.IsEmpty || neighbors.Contains(peer))
            {
                var targeted = route with { Attributes = route.Attributes with { Neighbors = [peer] } };
                changes.Add(new RouteChange(RouteChangeKind.Announce, targeted, RouteChangeMode.Replay));
            }
        }

        // Announces ExaBGP refused go again, to every neighbor they are for.
        foreach (var address in _refused)
        {
            Reconcile(address, changes, force: false);
        }

        _refused.Clear();
        return changes;
    }

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
        foreach (var change in refused)
        {
            var prefix = change.Route.Prefix;
            if (change.Kind == RouteChangeKind.Withdraw)
            {
                RuntimeLog.WithdrawRefused(_logger, prefix);
            }
            else if (change.Mode != RouteChangeMode.Replay && change.Route.Equals(_routes.Find(prefix)))
            {
                // ExaBGP keeps the version it had (if any): the table says so, so that a withdraw
                // reaches it and the next decision announces the refused version again.
                _routes.Forget(prefix, change.Replaced);
                if (change.Replaced is null)
                {
                    _owed[prefix] = change.Route;
                }

                _refused.Add(prefix.BaseAddress);
                _statusDirty.Add(prefix.BaseAddress);
                RuntimeLog.AnnounceRefused(_logger, prefix);
            }
        }

        return [];
    }

    /// <summary>
    /// The VIPs whose status may have changed since the last call (added to <paramref name="into"/>);
    /// true when every VIP's may have (a new configuration), so the caller rebuilds all.
    /// </summary>
    public bool TakeStatusChanges(ISet<IPAddress> into)
    {
        bool all = _statusAllDirty;
        _statusAllDirty = false;
        into.UnionWith(_statusDirty);
        _statusDirty.Clear();
        return all;
    }

    /// <summary>
    /// Logs the VIP state changes of the decisions made since the last call. The caller hands the
    /// route changes to the writer first: a site-wide failure is 10,000 log lines, and formatting
    /// them must not hold back the withdraws they describe.
    /// </summary>
    public void LogDecisions()
    {
        foreach (var decision in _decided)
        {
            LogDecision(decision);
        }

        _decided.Clear();
        if (_decided.Capacity > KeptDecisions)
        {
            _decided.TrimExcess();
        }
    }

    /// <summary>
    /// Gives back the room a snapshot or a burst left in the sets that each decision empties again
    /// (every VIP is touched by a snapshot); called before the heap is compacted.
    /// </summary>
    public void TrimScratch()
    {
        _touched.TrimExcess();
        _statusDirty.TrimExcess();
        _northboundChanged.TrimExcess();
    }

    /// <summary>Withdraws everything announced (routes.withdrawOnExit).</summary>
    public List<RouteChange> WithdrawAll()
    {
        var changes = new List<RouteChange>();
        foreach (var owed in _owed.Values)
        {
            changes.Add(new RouteChange(RouteChangeKind.Withdraw, owed));
        }

        _owed.Clear();
        foreach (var route in _routes.Routes.ToArray())
        {
            if (_routes.Reconcile(route.Prefix, null) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    /// <summary>
    /// Once both databases are complete: an NB load balancer no SB row comes from cannot have its VIPs
    /// announced; said once per balancer (right after an insert ovn-northd may not have written it yet,
    /// so only snapshots look).
    /// </summary>
    private void CheckUnwritten()
    {
        if (_northbound is not { Usable: true } || !_southboundSynced)
        {
            return;
        }

        var written = _replica.NorthboundRows();
        foreach (var (uuid, name) in _northbound.Balancers)
        {
            if (!written.Contains(uuid) && _unwrittenSaid.Add(uuid))
            {
                RuntimeLog.NorthboundWithoutSouthbound(_logger, new Text.Untrusted(name), uuid);
            }
        }
    }

    private SouthboundReplica NewReplica(Settings settings) =>
        new(settings.LoadBalancerFilter, _logger, settings.UsesOvnTiming, _northbound is { } northbound ? (id, key) => CheckOf(northbound, id, key) : null,
            settings.StaleChassis);

    /// <summary>What the Northbound says of one vips entry; null while it is not usable, so the Southbound alone decides.</summary>
    private static HealthCheckConfig? CheckOf(NorthboundReplica northbound, Guid balancer, string key) =>
        northbound.IsChecked(balancer, key) is { } isChecked ? new HealthCheckConfig(isChecked, northbound.MappedPorts(balancer)) : null;

    private static IEnumerable<Ovsdb.OvsdbRemote> Remotes(OvsdbClientOptions? options) => options?.Remotes ?? [];

    private List<RouteChange> Evaluate(DateTimeOffset now, bool force)
    {
        var changes = new List<RouteChange>();
        foreach (var address in _touched)
        {
            if (Observe(address, now) is { } decision)
            {
                _decided.Add(decision);
            }

            Reconcile(address, changes, force);
        }

        return changes;
    }

    private VipDecision? Observe(IPAddress address, DateTimeOffset now)
    {
        var vip = _replica.FindVip(address);
        if (vip is null)
        {
            _ignored.Remove(address);
            return _policy.Forget(address, "VIP no longer in the Southbound");
        }

        if (!_settings.Routes.IsAllowed(address))
        {
            if (_ignored.Add(address))
            {
                RuntimeLog.VipIgnored(_logger, HostPrefix.For(address));
            }

            return _policy.Forget(address, "outside routes.allowedPrefixes");
        }

        var health = HealthEvaluator.Evaluate(vip, _replica, _settings.PolicyFor(address).EmptyStatus);
        return _policy.Observe(health, now);
    }

    private void Reconcile(IPAddress address, List<RouteChange> changes, bool force)
    {
        _statusDirty.Add(address);
        var state = _policy.Find(address);
        var prefix = HostPrefix.For(address);
        var routing = _settings.RoutingFor(address);
        var healthy = RoutePlanner.Desired(address, state?.Effective ?? RouteState.Unknown, state?.Health, routing, _lossDrained);
        // The disable file and a reload's exclusion are planned withdraws: with routes.gracefulShutdown they drain first.
        var excluded = _drain?.Excluded(prefix);
        var desired = _drain is null ? (_maintenance ? null : healthy)
            : _drain.Plan(prefix, excluded is not null && routing.Routes.IsAllowed(address) ? excluded : healthy,
                planned: _maintenance || excluded is not null, announced: _routes.IsAnnounced(prefix), _now);
        if (_routes.Reconcile(prefix, desired, force && desired is not null) is { } change)
        {
            changes.Add(change);
        }

        if (_owed.Remove(prefix, out var owed) && desired is null)
        {
            changes.Add(new RouteChange(RouteChangeKind.Withdraw, owed));
        }

        bool degraded = desired is not null && RoutePlanner.IsDegraded(state?.Health, routing.Degraded);
        if (degraded && _degraded.Add(address))
        {
            RuntimeLog.VipDegraded(_logger, prefix, state!.Health.Online, state.Health.Total, routing.Degraded!.BelowOnline);
        }
        else if (!degraded && _degraded.Remove(address) && desired is not null)
        {
            RuntimeLog.VipRecovered(_logger, prefix, state!.Health.Online, state.Health.Total);
        }
    }

    private void LogDecision(VipDecision decision)
    {
        var prefix = HostPrefix.For(decision.Address);
        switch (decision)
        {
            case { Dampening: DampeningChange.Suppressed }:
                RuntimeLog.VipSuppressed(_logger, prefix, decision.Reason);
                break;
            case { Dampening: DampeningChange.Released }:
                RuntimeLog.VipReleased(_logger, prefix, decision.Reason);
                break;
            case { Current: RouteState.Announced, Previous: RouteState.Unknown }:
                RuntimeLog.VipFirstAnnounced(_logger, prefix, decision.Reason);
                break;
            case { Current: RouteState.Announced }:
                RuntimeLog.VipAnnounced(_logger, prefix, decision.Reason);
                break;
            default:
                RuntimeLog.VipWithdrawn(_logger, prefix, decision.Reason);
                break;
        }
    }
}
