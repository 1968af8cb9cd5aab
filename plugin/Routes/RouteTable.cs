using System.Net;

namespace ExaHealth.Routes;

/// <summary>
/// The routes handed to ExaBGP, and the only place that turns "what should be announced" into
/// changes: an announce only when the prefix is new or its attributes changed, a withdraw only
/// for a prefix that is announced, with the next-hop it was announced with.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<IPNetwork, Route> _announced = [];

    public int Count => _announced.Count;

    /// <summary>Changes with every route announced or withdrawn, so that derived state is rebuilt only when needed.</summary>
    public long Version { get; private set; }

    public IReadOnlyCollection<Route> Routes => _announced.Values;

    public IEnumerable<IPNetwork> Prefixes => _announced.Keys;

    public bool IsAnnounced(IPNetwork prefix) => _announced.ContainsKey(prefix);

    public Route? Find(IPNetwork prefix) => _announced.GetValueOrDefault(prefix);

    /// <summary>Takes over routes a previous incarnation announced, so that they are withdrawn unless still wanted.</summary>
    public void Inherit(IEnumerable<Route> routes)
    {
        foreach (var route in routes)
        {
            _announced.TryAdd(route.Prefix, route);
            Version++;
        }
    }

    /// <summary>
    /// A route ExaBGP refused to announce: it has <paramref name="kept"/> instead (the version the
    /// refused announce replaced), or nothing, and then no withdraw is due.
    /// </summary>
    public void Forget(IPNetwork prefix, Route? kept = null)
    {
        if (kept is not null)
        {
            _announced[prefix] = kept;
            Version++;
        }
        else if (_announced.Remove(prefix))
        {
            Version++;
        }
    }

    /// <summary>
    /// Brings one prefix to <paramref name="desired"/> (null: not announced); returns the change, if
    /// any. <paramref name="force"/> announces even an unchanged route (restart reconciliation).
    /// </summary>
    public RouteChange? Reconcile(IPNetwork prefix, Route? desired, bool force = false)
    {
        _announced.TryGetValue(prefix, out var current);
        if (desired is null)
        {
            if (current is null)
            {
                return null;
            }

            _announced.Remove(prefix);
            Version++;
            return new RouteChange(RouteChangeKind.Withdraw, current);
        }

        if (!force && current is not null && current.Attributes.Equals(desired.Attributes))
        {
            return null;
        }

        _announced[prefix] = desired;
        Version++;
        return new RouteChange(RouteChangeKind.Announce, desired, force ? RouteChangeMode.Forced : RouteChangeMode.Normal);
    }

    /// <summary>
    /// A BGP session came up: each route it should have goes to it again, as a replay to that peer
    /// alone (SPEC section 1); a prefix no longer allowed was withdrawn by the reload that excluded it.
    /// </summary>
    public List<RouteChange> Replays(IPAddress peer, Func<IPAddress, bool> allowed)
    {
        var changes = new List<RouteChange>();
        foreach (var route in _announced.Values)
        {
            var neighbors = route.Attributes.Neighbors;
            if (allowed(route.Prefix.BaseAddress) && (neighbors.IsEmpty || neighbors.Contains(peer)))
            {
                var targeted = route with { Attributes = route.Attributes with { Neighbors = [peer] } };
                changes.Add(new RouteChange(RouteChangeKind.Announce, targeted, RouteChangeMode.Replay));
            }
        }

        return changes;
    }

    /// <summary>Every route withdrawn (routes.withdrawOnExit).</summary>
    public void WithdrawAll(List<RouteChange> changes)
    {
        foreach (var route in _announced.Values.ToArray())
        {
            if (Reconcile(route.Prefix, null) is { } change)
            {
                changes.Add(change);
            }
        }
    }
}
