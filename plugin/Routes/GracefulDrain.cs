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

    public GracefulShutdownSettings Settings => settings;

    public int Count => _until.Count;

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

    public void Clear() => _until.Clear();
}
