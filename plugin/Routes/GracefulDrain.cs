using System.Net;

namespace ExaHealth.Routes;

/// <summary>
/// The drains in progress (routes.gracefulShutdown): for each prefix a planned reason withholds, the
/// moment its GRACEFUL_SHUTDOWN announce gives way to the withdraw. A drain starts only for a route
/// that is announced; it ends (forgotten) as soon as the reason goes, or the backends die, whichever
/// comes first. Pure: time comes in as <c>now</c>.
/// </summary>
internal sealed class GracefulDrain(GracefulShutdownSettings settings)
{
    // Past its moment an entry stays, so that the withdrawn route is not drained again while the reason lasts.
    private readonly Dictionary<IPNetwork, DateTimeOffset> _until = [];

    // VIPs a reload's routes.loadBalancers no longer selects: no longer watched, they are drained from
    // the route they had, for as long as none of their balancers is selected again.
    private readonly Dictionary<IPNetwork, (Route Normal, string[] Balancers)> _excluded = [];

    public GracefulShutdownSettings Settings => settings;

    /// <summary>
    /// What to announce for <paramref name="prefix"/>: <paramref name="healthy"/> is the route health
    /// alone wants (null: withdraw now, nothing left to drain); <paramref name="planned"/> says a
    /// planned reason withholds it.
    /// </summary>
    public Route? Plan(IPNetwork prefix, Route? healthy, bool planned, bool announced, DateTimeOffset now)
    {
        if (healthy is null || !planned)
        {
            _until.Remove(prefix);
            return healthy;
        }

        if (!_until.TryGetValue(prefix, out var until))
        {
            if (!announced)
            {
                return null;
            }

            until = now + settings.Duration;
            _until[prefix] = until;
        }

        return now < until ? healthy with { Attributes = settings.Apply(healthy.Attributes) } : null;
    }

    /// <summary>When the prefix's drain ends in a withdraw; null when it is not draining (or already withdrawn).</summary>
    public DateTimeOffset? Until(IPNetwork prefix, DateTimeOffset now) =>
        _until.TryGetValue(prefix, out var until) && until > now ? until : null;

    /// <summary>The earliest drain still to end after <paramref name="now"/>.</summary>
    public DateTimeOffset? NextDue(DateTimeOffset now)
    {
        DateTimeOffset? due = null;
        foreach (var until in _until.Values)
        {
            if (until > now && (due is null || until < due))
            {
                due = until;
            }
        }

        return due;
    }

    /// <summary>The prefixes whose drain has ended by <paramref name="now"/> (withdrawn, or to be withdrawn now).</summary>
    public IPNetwork[] Ended(DateTimeOffset now) => [.. _until.Where(e => e.Value <= now).Select(e => e.Key)];

    /// <summary>A reload stopped selecting every balancer of an announced VIP: it is drained from <paramref name="normal"/>.</summary>
    public void Exclude(Route normal, string[] balancers) => _excluded[normal.Prefix] = (normal, balancers);

    /// <summary>The route an excluded VIP is drained from; null when it is not excluded.</summary>
    public Route? Excluded(IPNetwork prefix) => _excluded.TryGetValue(prefix, out var excluded) ? excluded.Normal : null;

    /// <summary>After a reload: a VIP one of whose balancers is selected again is watched again, no longer drained as excluded.</summary>
    public void Reselect(Func<string, bool> selected)
    {
        foreach (var (prefix, excluded) in _excluded.ToArray())
        {
            if (excluded.Balancers.Any(selected))
            {
                _excluded.Remove(prefix);
                _until.Remove(prefix);
            }
        }
    }

    /// <summary>An excluded VIP's drain ended in its withdraw: nothing more to remember.</summary>
    public void Withdrawn(IPNetwork prefix)
    {
        if (_excluded.Remove(prefix))
        {
            _until.Remove(prefix);
        }
    }

    /// <summary>SIGTERM with a drain: every announced route announced again with the GRACEFUL_SHUTDOWN attributes.</summary>
    public List<RouteChange> AnnounceAll(RouteTable routes)
    {
        var changes = new List<RouteChange>();
        foreach (var route in routes.Routes.ToArray())
        {
            if (routes.Reconcile(route.Prefix, route with { Attributes = settings.Apply(route.Attributes) }) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }
}
