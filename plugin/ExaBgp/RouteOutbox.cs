using System.Collections.Immutable;
using System.Net;
using System.Runtime.InteropServices;
using ExaHealth.Routes;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Route changes waiting for the writer, merged by prefix: while one command is in flight (acks
/// on), everything decided meanwhile waits here and goes out as its net effect against what
/// ExaBGP has been told, grouped by the formatter into lines of up to 48 prefixes. A flap storm
/// over thousands of VIPs thus costs a few lines, not one round trip per change, and a change
/// undone before it was written is not written at all. Thread-safe: the pipeline adds, the writer takes.
/// </summary>
internal sealed class RouteOutbox
{
    // A snapshot queues every VIP at once; the room that took is given back once it is taken.
    private const int KeptCapacity = 1024;

    private readonly Lock _lock = new();

    // Each prefix waiting, by its place in _order and _desired: one hash lookup per change added and
    // one per prefix taken (hashing an IPNetwork reads its address object, a cache miss at 10,000 VIPs).
    private readonly Dictionary<IPNetwork, int> _pending = [];
    private readonly List<IPNetwork> _order = [];
    private readonly List<Pending> _desired = [];
    private readonly List<RouteChange> _replays = [];
    private readonly Dictionary<IPNetwork, Route> _written = [];

    // Refused announces: ExaBGP may hold part of them (a replay it accepted), so they stay in _written
    // for a withdraw and for the neighbors a new announce drops, and the same announce is written again.
    private readonly HashSet<IPNetwork> _uncertain = [];

    /// <summary>Prefixes and replays waiting.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _order.Count + _replays.Count;
            }
        }
    }

    /// <summary>Routes ExaBGP still holds from a previous incarnation (the state file).</summary>
    public void Inherit(IEnumerable<Route> routes)
    {
        lock (_lock)
        {
            foreach (var route in routes)
            {
                _written.TryAdd(route.Prefix, route);
            }
        }
    }

    public void Add(IReadOnlyList<RouteChange> changes)
    {
        lock (_lock)
        {
            foreach (var change in changes)
            {
                if (change.Mode == RouteChangeMode.Replay)
                {
                    _replays.Add(change);
                    continue;
                }

                var prefix = change.Route.Prefix;
                var desired = change.Kind == RouteChangeKind.Announce ? change.Route : null;
                bool forced = change.Mode == RouteChangeMode.Forced;
                ref int place = ref CollectionsMarshal.GetValueRefOrAddDefault(_pending, prefix, out bool waiting);
                if (waiting)
                {
                    _desired[place] = new Pending(desired, _desired[place].Force || forced);
                }
                else
                {
                    place = _order.Count;
                    _order.Add(prefix);
                    _desired.Add(new Pending(desired, forced));
                }
            }
        }
    }

    /// <summary>
    /// Announces ExaBGP answered <c>error</c>: it does not have those routes (it still has the version
    /// the announce replaced, if any), so the same announce, decided again, is written again. A prefix
    /// written anew since (or a replay) is left alone. Returns the refusals that stand: one whose prefix
    /// has a change waiting here is superseded, since the pipeline decided again and that change is
    /// written against what ExaBGP really holds.
    /// </summary>
    public List<RouteChange> Forget(IReadOnlyList<RouteChange> refused)
    {
        var standing = new List<RouteChange>(refused.Count);
        lock (_lock)
        {
            foreach (var change in refused)
            {
                var prefix = change.Route.Prefix;
                if (change.Kind == RouteChangeKind.Announce && change.Mode != RouteChangeMode.Replay
                    && _written.TryGetValue(prefix, out var written) && written.Equals(change.Route))
                {
                    if (change.Replaced is { } replaced)
                    {
                        _written[prefix] = replaced;
                    }
                    else
                    {
                        _uncertain.Add(prefix);
                    }
                }

                if (!_pending.ContainsKey(prefix))
                {
                    standing.Add(change);
                }
            }
        }

        return standing;
    }

    /// <summary>
    /// Everything waiting, as the changes to write now (in the order their prefixes first came),
    /// then the replays whose route is still announced; what ExaBGP has been told is updated.
    /// </summary>
    public List<RouteChange> Take()
    {
        lock (_lock)
        {
            var changes = new List<RouteChange>(_order.Count + _replays.Count);
            for (int i = 0; i < _order.Count; i++)
            {
                var prefix = _order[i];
                var pending = _desired[i];
                bool uncertain = _uncertain.Count > 0 && _uncertain.Remove(prefix);
                if (pending.Desired is null)
                {
                    if (_written.Remove(prefix, out var withdrawn))
                    {
                        changes.Add(new RouteChange(RouteChangeKind.Withdraw, withdrawn));
                    }

                    continue;
                }

                // Added empty when unknown, and then always set below (nothing written counts as a difference).
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_written, prefix, out bool known);
                var written = known ? slot : null;
                if (pending.Force || uncertain || written is null || !written.Attributes.Equals(pending.Desired.Attributes))
                {
                    // What ExaBGP keeps if it refuses this announce: nothing when unsure, and not what the withdraw before it removes.
                    var replaced = uncertain ? null : written;
                    if (written is not null && Dropped(written.Attributes.Neighbors, pending.Desired.Attributes.Neighbors) is { } dropped)
                    {
                        changes.Add(new RouteChange(RouteChangeKind.Withdraw, written with { Attributes = written.Attributes with { Neighbors = dropped } }));
                        var kept = dropped.IsEmpty ? [] : written.Attributes.Neighbors.Where(n => !dropped.Contains(n)).ToImmutableArray();
                        replaced = replaced is null || kept.IsEmpty ? null : replaced with { Attributes = replaced.Attributes with { Neighbors = kept } };
                    }

                    changes.Add(new RouteChange(RouteChangeKind.Announce, pending.Desired, Replaced: replaced));
                    slot = pending.Desired;
                }
            }

            foreach (var replay in _replays)
            {
                // Built again from what is announced now, which may have changed since the peer came up.
                var peer = replay.Route.Attributes.Neighbors.Single();
                if (_written.TryGetValue(replay.Route.Prefix, out var current)
                    && (current.Attributes.Neighbors.IsEmpty || current.Attributes.Neighbors.Contains(peer)))
                {
                    var targeted = current with { Attributes = current.Attributes with { Neighbors = [peer] } };
                    changes.Add(new RouteChange(RouteChangeKind.Announce, targeted, RouteChangeMode.Replay));
                }
            }

            bool large = _order.Capacity > KeptCapacity;
            _pending.Clear();
            _order.Clear();
            _desired.Clear();
            _replays.Clear();
            if (large)
            {
                _pending.TrimExcess();
                _order.TrimExcess();
                _desired.TrimExcess();
            }

            return changes;
        }
    }

    /// <summary>
    /// The neighbors that had the route and are no longer to have it (routes.neighbors changed): they
    /// get a withdraw, the announce alone would leave it with them. From every neighbor (empty) to some,
    /// the withdraw goes to every neighbor and the announce follows it.
    /// </summary>
    private static ImmutableArray<IPAddress>? Dropped(ImmutableArray<IPAddress> had, ImmutableArray<IPAddress> next)
    {
        if (next.IsEmpty)
        {
            return null;
        }

        if (had.IsEmpty)
        {
            return had;
        }

        var dropped = had.Where(n => !next.Contains(n)).ToImmutableArray();
        return dropped.IsEmpty ? null : dropped;
    }

    private readonly record struct Pending(Route? Desired, bool Force);
}
