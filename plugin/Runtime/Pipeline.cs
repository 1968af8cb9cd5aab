using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Health;
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
    private readonly SouthboundReplica _replica;
    private readonly PolicyEngine _policy;
    private readonly RouteTable _routes = new();
    private readonly HashSet<IPAddress> _ignored = [];
    private readonly HashSet<IPAddress> _touched = [];
    private readonly ILogger _logger;
    private Settings _settings;

    public Pipeline(Settings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        _replica = new SouthboundReplica(settings.LoadBalancerFilter, logger);
        _policy = new PolicyEngine(settings.Policy);
    }

    /// <summary>False until the first complete snapshot: nothing is decided or sent before it.</summary>
    public bool Synced { get; private set; }

    public RouteTable Routes => _routes;

    public SouthboundReplica Replica => _replica;

    public List<RouteChange> OnSnapshot(OvsdbSnapshot snapshot, DateTimeOffset now)
    {
        _touched.Clear();
        _replica.Apply(snapshot.Tables, snapshot: true, _touched);
        bool first = !Synced;
        Synced = true;
        var changes = Evaluate(now);
        RuntimeLog.SnapshotDecided(_logger, _replica.LoadBalancerCount, _replica.ServiceMonitorCount, _replica.VipCount,
            _routes.Count, changes.Count, first ? "first snapshot" : "resynchronised");
        return changes;
    }

    public List<RouteChange> OnUpdate(OvsdbUpdate update, DateTimeOffset now)
    {
        _touched.Clear();
        _replica.Apply(update.Tables, snapshot: false, _touched);
        return Synced ? Evaluate(now) : [];
    }

    /// <summary>Observes the VIPs whose debounce interval has elapsed.</summary>
    public List<RouteChange> OnTick(DateTimeOffset now)
    {
        var changes = new List<RouteChange>();
        foreach (var decision in _policy.Tick(now))
        {
            LogDecision(decision);
            Reconcile(decision.Address, changes);
        }

        return changes;
    }

    public DateTimeOffset? NextDue() => _policy.NextDue();

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
            if (neighbors.IsEmpty || neighbors.Contains(peer))
            {
                var targeted = route with { Attributes = route.Attributes with { Neighbors = [peer] } };
                changes.Add(new RouteChange(RouteChangeKind.Announce, targeted));
            }
        }

        return changes;
    }

    /// <summary>Withdraws everything announced (routes.withdrawOnExit).</summary>
    public List<RouteChange> WithdrawAll()
    {
        var changes = new List<RouteChange>();
        foreach (var route in _routes.Routes.ToArray())
        {
            if (_routes.Reconcile(route.Prefix, null) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    private List<RouteChange> Evaluate(DateTimeOffset now)
    {
        var changes = new List<RouteChange>();
        foreach (var address in _touched)
        {
            var decision = Observe(address, now);
            if (decision is not null)
            {
                LogDecision(decision);
            }

            Reconcile(address, changes);
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
                RuntimeLog.VipIgnored(_logger, HostPrefix.For(address).ToString());
            }

            return _policy.Forget(address, "outside routes.allowedPrefixes");
        }

        var health = HealthEvaluator.Evaluate(vip, _replica.GetBackend, _settings.EmptyStatus);
        return _policy.Observe(health, now);
    }

    private void Reconcile(IPAddress address, List<RouteChange> changes)
    {
        var desired = RoutePlanner.Desired(address, _policy.StateOf(address), _settings.Routes);
        if (_routes.Reconcile(HostPrefix.For(address), desired) is { } change)
        {
            changes.Add(change);
        }
    }

    private void LogDecision(VipDecision decision)
    {
        string prefix = HostPrefix.For(decision.Address).ToString();
        if (decision.Current == RouteState.Announced)
        {
            if (decision.Previous == RouteState.Unknown)
            {
                RuntimeLog.VipFirstAnnounced(_logger, prefix, decision.Reason);
            }
            else
            {
                RuntimeLog.VipAnnounced(_logger, prefix, decision.Reason);
            }
        }
        else
        {
            RuntimeLog.VipWithdrawn(_logger, prefix, decision.Reason);
        }
    }
}
