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

    /// <summary>Every VIP the policy, the replica or the route table knows, once each.</summary>
    public IPAddress[] KnownAddresses() =>
        Policy.Addresses.Concat(Replica.VipAddresses).Concat(Routes.Prefixes.Select(p => p.BaseAddress)).Distinct().ToArray();

    /// <summary>Observes and reconciles each of <paramref name="touched"/>; decisions are kept for the log.</summary>
    public List<RouteChange> Evaluate(IEnumerable<IPAddress> touched, DateTimeOffset now, bool force)
    {
        var changes = new List<RouteChange>();
        foreach (var address in touched)
        {
            if (Observe(address, now) is { } decision)
            {
                Log.Add(decision);
            }

            Reconcile(address, changes, force);
        }

        return changes;
    }

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

    /// <summary>A reload: every VIP is brought to the new settings (see <see cref="Pipeline.Reconfigure"/>).</summary>
    public List<RouteChange> Reload(Settings previous, Settings next, bool synced, bool resubscribe, DateTimeOffset now)
    {
        _ignored.Clear();
        var changes = new List<RouteChange>();
        foreach (var address in KnownAddresses())
        {
            bool allowed = next.Routes.IsAllowed(address);
            if (!synced && allowed)
            {
                // Inherited routes wait for the first snapshot to be reconciled.
                continue;
            }

            bool observe = !allowed || !previous.PolicyFor(address).Equals(next.PolicyFor(address)) || Policy.Find(address) is null;
            if (observe && !resubscribe && Observe(address, now) is { } decision)
            {
                Log.Write(decision);
            }
            else if (!allowed && Policy.Forget(address, "outside routes.allowedPrefixes") is { } forgotten)
            {
                Log.Write(forgotten);
            }

            Reconcile(address, changes, force: false);
        }

        return changes;
    }

    /// <summary>Debounce intervals and drains that ended by <paramref name="now"/>.</summary>
    public void Tick(DateTimeOffset now, List<RouteChange> changes)
    {
        // A tick moves debounce streaks on ("changing: k/n"), decided or not.
        Status.Mark(Policy.Waiting);
        foreach (var decision in Policy.Tick(now))
        {
            Log.Write(decision);
            Reconcile(decision.Address, changes, force: false);
        }
    }

    /// <summary>Drains whose time is up: the GRACEFUL_SHUTDOWN announce gives way to the withdraw.</summary>
    public void EndDrains(DateTimeOffset now, List<RouteChange> changes)
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

    /// <summary>A BGP session came up: see <see cref="Pipeline.OnNeighborUp"/>.</summary>
    public List<RouteChange> Replays(IPAddress peer)
    {
        var changes = new List<RouteChange>();
        foreach (var route in Routes.Routes)
        {
            var neighbors = route.Attributes.Neighbors;
            if (!Settings.Routes.IsAllowed(route.Prefix.BaseAddress))
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
        ReconcileAll(_refused, changes);
        _refused.Clear();
        return changes;
    }

    /// <summary>Changes ExaBGP answered <c>error</c> to: see <see cref="Pipeline.OnRefused"/>.</summary>
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
    public List<RouteChange> DrainAll()
    {
        var changes = new List<RouteChange>();
        if (Drain is null)
        {
            return changes;
        }

        foreach (var route in Routes.Routes.ToArray())
        {
            if (Routes.Reconcile(route.Prefix, route with { Attributes = Drain.Settings.Apply(route.Attributes) }) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    /// <summary>Withdraws everything announced, and what refused announces may have left (routes.withdrawOnExit).</summary>
    public List<RouteChange> WithdrawAll()
    {
        var changes = new List<RouteChange>();
        foreach (var owed in _owed.Values)
        {
            changes.Add(new RouteChange(RouteChangeKind.Withdraw, owed));
        }

        _owed.Clear();
        foreach (var route in Routes.Routes.ToArray())
        {
            if (Routes.Reconcile(route.Prefix, null) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }
}
