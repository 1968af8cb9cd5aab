using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Health;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The per-VIP core of the <see cref="Pipeline"/>: a VIP's health from the replica goes through the
/// policy engine (<see cref="Observe"/>), and its route in the table is brought to what it should be
/// now (<see cref="Reconcile"/>), through routes.gracefulShutdown's drain and the withdraws owed for
/// refused announces. Without I/O; the pipeline tells it the replica, settings and switches in force.
/// </summary>
internal sealed class VipReconciler
{
    private readonly HashSet<IPAddress> _ignored = [];
    private readonly HashSet<IPAddress> _refused = [];
    private readonly HashSet<IPNetwork> _inherited = [];

    // Refused announces ExaBGP may still hold in part (a replay to one peer it accepted): a withdraw is
    // owed for each unless it is announced again first.
    private readonly Dictionary<IPNetwork, Route> _owed = [];
    private readonly ILogger _logger;

    public VipReconciler(Settings settings, SouthboundReplica replica, ILogger logger)
    {
        Settings = settings;
        Replica = replica;
        _logger = logger;
        Log = new DecisionLog(logger);
        Policy = new PolicyEngine(settings.PolicyFor);
        Drain = settings.Routes.GracefulShutdown is { } graceful ? new GracefulDrain(graceful) : null;
    }

    public PolicyEngine Policy { get; }

    public RouteTable Routes { get; } = new();

    public DecisionLog Log { get; }

    public StatusMarks Status { get; } = new();

    /// <summary>routes.gracefulShutdown: null when off.</summary>
    public GracefulDrain? Drain { get; set; }

    public Settings Settings { get; set; }

    public SouthboundReplica Replica { get; set; }

    /// <summary>maintenance.disableFile exists: every route is withdrawn (drained first with routes.gracefulShutdown).</summary>
    public bool Maintenance { get; set; }

    /// <summary>onDatabaseLoss: once its grace has run out, every route is withdrawn.</summary>
    public DatabaseLossGuard Loss { get; } = new();

    /// <summary>The time of the input being decided, for the drain.</summary>
    public DateTimeOffset Now { get; set; }

    /// <summary>Routes a previous incarnation announced (the state file), reconciled by the first decision.</summary>
    public void Inherit(IEnumerable<Route> routes)
    {
        foreach (var route in routes)
        {
            _inherited.Add(route.Prefix);
        }

        Routes.Inherit(routes);
    }

    /// <summary>After a decision of everything: on the first, what became of the inherited routes is said.</summary>
    public void Reconciled(List<RouteChange> changes, bool first)
    {
        if (first && _inherited.Count > 0)
        {
            int withdrawn = changes.Count(c => c.Kind == RouteChangeKind.Withdraw);
            RuntimeLog.Reconciled(_logger, _inherited.Count, withdrawn);
        }

        _inherited.Clear();
    }

    /// <summary>A reload: a VIP outside routes.allowedPrefixes is said again.</summary>
    public void ForgetIgnored() => _ignored.Clear();

    /// <summary>Every VIP the policy, the replica or the route table knows, once each.</summary>
    public IPAddress[] KnownAddresses() =>
        Policy.Addresses.Concat(Replica.VipAddresses).Concat(Routes.Prefixes.Select(p => p.BaseAddress)).Distinct().ToArray();

    /// <summary>
    /// Observes and reconciles each of <paramref name="touched"/>; decisions are kept for the log.
    /// With <paramref name="early"/>, changes are handed to it in growing batches as they are decided
    /// (the first after <see cref="FirstEarlyBatch"/>), and what is left is returned: a site-wide
    /// failure's first withdraws then reach ExaBGP while the rest is still being decided, where
    /// deciding 10,000 VIPs first held every line back by tens of milliseconds.
    /// </summary>
    public List<RouteChange> Evaluate(IEnumerable<IPAddress> touched, DateTimeOffset now, bool force, Action<List<RouteChange>>? early = null)
    {
        var changes = new List<RouteChange>();
        int batch = FirstEarlyBatch;
        foreach (var address in touched)
        {
            if (Observe(address, now) is { } decision)
            {
                Log.Add(decision);
            }

            Reconcile(address, changes, force);
            if (early is not null && changes.Count >= batch)
            {
                // Between VIPs only: each VIP's changes (a withdraw owed beside its own) go together.
                early(changes);
                changes = [];
                batch = Math.Min(batch * 2, LastEarlyBatch);
            }
        }

        return changes;
    }

    /// <summary>About one command line of withdraws: what ExaBGP can start on at once.</summary>
    internal const int FirstEarlyBatch = 48;

    /// <summary>Batches grow to this, so that a large decision costs a handful of hand-overs, not hundreds.</summary>
    internal const int LastEarlyBatch = 1536;

    public void ReconcileAll(IEnumerable<IPAddress> addresses, List<RouteChange> changes)
    {
        foreach (var address in addresses)
        {
            Reconcile(address, changes, force: false);
        }
    }

    public VipDecision? Observe(IPAddress address, DateTimeOffset now)
    {
        var vip = Replica.FindVip(address);
        if (vip is null)
        {
            _ignored.Remove(address);
            return Policy.Forget(address, "VIP no longer in the Southbound");
        }

        if (!Settings.Routes.IsAllowed(address))
        {
            if (_ignored.Add(address))
            {
                RuntimeLog.VipIgnored(_logger, HostPrefix.For(address));
            }

            return Policy.Forget(address, "outside routes.allowedPrefixes");
        }

        var health = HealthEvaluator.Evaluate(vip, Replica, Settings.PolicyFor(address).EmptyStatus);
        return Policy.Observe(health, now);
    }

    public void Reconcile(IPAddress address, List<RouteChange> changes, bool force)
    {
        Status.Mark(address);
        var state = Policy.Find(address);
        var prefix = HostPrefix.For(address);
        var routing = Settings.RoutingFor(address);
        var healthy = RoutePlanner.Desired(address, state?.Effective ?? RouteState.Unknown, state?.Health, routing, Loss.Withdrawn);
        // The disable file and a reload's exclusion are planned withdraws: with routes.gracefulShutdown they drain first.
        var excluded = Drain?.Excluded(prefix);
        var desired = Drain is null ? (Maintenance ? null : healthy)
            : Drain.Plan(prefix, excluded is not null && routing.Routes.IsAllowed(address) ? excluded : healthy,
                planned: Maintenance || excluded is not null, announced: Routes.IsAnnounced(prefix), Now);
        if (Routes.Reconcile(prefix, desired, force && desired is not null) is { } change)
        {
            changes.Add(change);
        }

        if (_owed.Remove(prefix, out var owed) && desired is null)
        {
            changes.Add(new RouteChange(RouteChangeKind.Withdraw, owed));
        }

        bool degraded = desired is not null && RoutePlanner.IsDegraded(state?.Health, routing.Degraded);
        Log.Degraded(prefix, degraded, desired is not null, state?.Health, routing.Degraded);
    }

    /// <summary>Drains, chassis checks and debounce intervals due by <paramref name="now"/>.</summary>
    public void Tick(DateTimeOffset now, HashSet<IPAddress> touched, List<RouteChange> changes)
    {
        EndDrains(now, changes);
        if (Replica.ChassisDue <= now)
        {
            // A chassis left an nb_cfg bump unanswered for policy.staleChassis.seconds: its backends go offline.
            touched.Clear();
            Replica.CheckChassis(now, touched);
            changes.AddRange(Evaluate(touched, now, force: false));
        }

        // A tick moves debounce streaks on ("changing: k/n"), decided or not.
        Status.Mark(Policy.Waiting);
        foreach (var decision in Policy.Tick(now))
        {
            Log.Write(decision);
            Reconcile(decision.Address, changes, force: false);
        }
    }

    /// <summary>When <see cref="Tick"/> is due next: a debounce interval, a chassis check or a drain's end.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? due = Policy.NextDue();
        foreach (var other in (ReadOnlySpan<DateTimeOffset?>)[Replica.ChassisDue, Drain?.NextDue(Now)])
        {
            if (other is { } at && (due is null || at < due))
            {
                due = at;
            }
        }

        return due;
    }

    /// <summary>Drains whose time is up: the GRACEFUL_SHUTDOWN announce gives way to the withdraw.</summary>
    private void EndDrains(DateTimeOffset now, List<RouteChange> changes)
    {
        if (Drain is null)
        {
            return;
        }

        foreach (var prefix in Drain.Ended(now))
        {
            if (Routes.IsAnnounced(prefix))
            {
                Reconcile(prefix.BaseAddress, changes, force: false);
            }

            if (!Routes.IsAnnounced(prefix))
            {
                Drain.Withdrawn(prefix);
            }
        }
    }

    /// <summary>A BGP session came up: everything announced goes to it again, and refused announces go again.</summary>
    public List<RouteChange> Replays(IPAddress peer)
    {
        var changes = Routes.Replays(peer, Settings.Routes.IsAllowed);
        // Announces ExaBGP refused go again, to every neighbor they are for.
        ReconcileAll(_refused, changes);
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
    public void Refused(IReadOnlyList<RouteChange> refused)
    {
        foreach (var change in refused)
        {
            var prefix = change.Route.Prefix;
            if (change.Kind == RouteChangeKind.Withdraw)
            {
                RuntimeLog.WithdrawRefused(_logger, prefix);
            }
            else if (change.Mode != RouteChangeMode.Replay && change.Route.Equals(Routes.Find(prefix)))
            {
                // ExaBGP keeps the version it had (if any): the table says so, so that a withdraw
                // reaches it and the next decision announces the refused version again.
                Routes.Forget(prefix, change.Replaced);
                if (change.Replaced is null)
                {
                    _owed[prefix] = change.Route;
                }

                _refused.Add(prefix.BaseAddress);
                Status.Mark(prefix.BaseAddress);
                RuntimeLog.AnnounceRefused(_logger, prefix);
            }
        }
    }

    /// <summary>Every announced route again with the GRACEFUL_SHUTDOWN attributes (SIGTERM with a drain).</summary>
    public List<RouteChange> DrainAll() => Drain?.AnnounceAll(Routes) ?? [];

    /// <summary>Withdraws everything announced, and what refused announces may have left (routes.withdrawOnExit).</summary>
    public List<RouteChange> WithdrawAll()
    {
        var changes = _owed.Values.Select(owed => new RouteChange(RouteChangeKind.Withdraw, owed)).ToList();
        _owed.Clear();
        Routes.WithdrawAll(changes);
        return changes;
    }
}
