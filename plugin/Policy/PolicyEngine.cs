using System.Net;
using ExaHealth.Health;

namespace ExaHealth.Policy;

/// <summary>
/// Holds the debounce state of every VIP and turns health observations into route state
/// changes. No I/O and no clock of its own: callers pass <c>now</c>, and ask
/// <see cref="NextDue"/> when to call <see cref="Tick"/> for VIPs that are still counting.
/// </summary>
internal sealed class PolicyEngine
{
    private readonly Dictionary<IPAddress, Entry> _vips = [];
    private readonly HashSet<IPAddress> _pending = [];

    public PolicyEngine(PolicySettings settings) => Settings = settings;

    public PolicySettings Settings { get; set; }

    public int Count => _vips.Count;

    public RouteState StateOf(IPAddress address) =>
        _vips.TryGetValue(address, out var entry) ? entry.State.State : RouteState.Unknown;

    /// <summary>Observes a VIP's current health; returns the decision when its route state changes.</summary>
    public VipDecision? Observe(VipHealth health, DateTimeOffset now)
    {
        var judgement = VerdictPolicy.Judge(health, Settings);
        if (judgement.Verdict == Verdict.Unmanaged)
        {
            return Forget(health.Address, judgement.Reason);
        }

        _vips.TryGetValue(health.Address, out var entry);
        var previous = entry?.State ?? DebounceState.Initial;
        return Record(health, judgement, previous, now);
    }

    /// <summary>A VIP that no longer exists (or is no longer ours): withdrawn if it was announced.</summary>
    public VipDecision? Forget(IPAddress address, string reason)
    {
        _pending.Remove(address);
        if (!_vips.Remove(address, out var entry))
        {
            return null;
        }

        return entry.State.State == RouteState.Announced
            ? new VipDecision(address, RouteState.Announced, RouteState.Withdrawn, reason, null)
            : null;
    }

    /// <summary>Re-observes the VIPs whose next observation is due by <paramref name="now"/>.</summary>
    public List<VipDecision> Tick(DateTimeOffset now)
    {
        var decisions = new List<VipDecision>();
        foreach (var address in _pending.ToArray())
        {
            var entry = _vips[address];
            if (entry.State.LastObserved + Settings.Interval <= now)
            {
                var judgement = VerdictPolicy.Judge(entry.Health, Settings);
                if (Record(entry.Health, judgement, entry.State, now) is { } decision)
                {
                    decisions.Add(decision);
                }
            }
        }

        return decisions;
    }

    /// <summary>When <see cref="Tick"/> next has work, or null when no VIP is counting.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? due = null;
        foreach (var address in _pending)
        {
            var at = _vips[address].State.LastObserved + Settings.Interval;
            if (due is null || at < due)
            {
                due = at;
            }
        }

        return due;
    }

    private VipDecision? Record(VipHealth health, Judgement judgement, DebounceState previous, DateTimeOffset now)
    {
        var next = Debouncer.Observe(previous, judgement.Verdict == Verdict.Healthy, now, Settings);
        _vips[health.Address] = new Entry(next, health, judgement.Reason);
        if (next.IsPending)
        {
            _pending.Add(health.Address);
        }
        else
        {
            _pending.Remove(health.Address);
        }

        return next.State != previous.State
            ? new VipDecision(health.Address, previous.State, next.State, judgement.Reason, health)
            : null;
    }

    private sealed record Entry(DebounceState State, VipHealth Health, string Reason);
}
