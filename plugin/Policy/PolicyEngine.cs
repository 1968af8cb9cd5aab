using System.Globalization;
using System.Net;
using ExaHealth.Health;

namespace ExaHealth.Policy;

/// <summary>
/// Holds the debounce and dampening state of every VIP and turns health observations into route
/// state changes. No I/O and no clock of its own: callers pass <c>now</c>, and ask
/// <see cref="NextDue"/> when to call <see cref="Tick"/> for VIPs still counting or held.
/// </summary>
internal sealed class PolicyEngine
{
    private readonly Dictionary<IPAddress, VipPolicyState> _vips = [];
    private readonly HashSet<IPAddress> _waiting = [];
    private Func<IPAddress, PolicySettings> _policyFor;

    public PolicyEngine(PolicySettings settings)
        : this(_ => settings)
    {
    }

    public PolicyEngine(Func<IPAddress, PolicySettings> policyFor) => _policyFor = policyFor;

    public int Count => _vips.Count;

    public IEnumerable<IPAddress> Addresses => _vips.Keys;

    /// <summary>VIPs with a debounce or dampening in progress (what <see cref="Tick"/> may change).</summary>
    public IReadOnlySet<IPAddress> Waiting => _waiting;

    /// <summary>New settings (SIGHUP); callers re-observe every VIP afterwards.</summary>
    public void Reconfigure(Func<IPAddress, PolicySettings> policyFor) => _policyFor = policyFor;

    public RouteState StateOf(IPAddress address) =>
        _vips.TryGetValue(address, out var entry) ? entry.Effective : RouteState.Unknown;

    public VipPolicyState? Find(IPAddress address) => _vips.GetValueOrDefault(address);

    /// <summary>Observes a VIP's current health; returns the decision when its route state changes.</summary>
    public VipDecision? Observe(VipHealth health, DateTimeOffset now)
    {
        var policy = _policyFor(health.Address);
        var judgement = VerdictPolicy.Judge(health, policy);
        if (judgement.Verdict == Verdict.Unmanaged)
        {
            return Forget(health.Address, judgement.Reason);
        }

        _vips.TryGetValue(health.Address, out var previous);
        var debounce = Debouncer.Observe(previous?.Debounce ?? DebounceState.Initial, judgement.Verdict == Verdict.Healthy, now, policy.TimingFor(health.Timing));
        var dampening = previous?.Dampening ?? DampeningState.None;
        if (policy.Dampening is { } settings)
        {
            dampening = Dampener.Release(dampening, now, settings);
            if (previous?.Debounce.State == RouteState.Announced && debounce.State == RouteState.Withdrawn)
            {
                dampening = Dampener.Flap(dampening, now, settings);
            }
        }
        else
        {
            dampening = dampening with { Suppressed = false };
        }

        return Record(previous, new VipPolicyState(debounce, dampening, health, judgement.Why, previous?.LastChange ?? now, previous?.Transitions ?? 0), now);
    }

    /// <summary>A VIP that no longer exists (or is no longer ours): withdrawn if it was announced.</summary>
    public VipDecision? Forget(IPAddress address, string reason)
    {
        _waiting.Remove(address);
        if (!_vips.Remove(address, out var entry))
        {
            return null;
        }

        return entry.Effective == RouteState.Announced
            ? new VipDecision(address, RouteState.Announced, RouteState.Withdrawn, reason, null)
            : null;
    }

    /// <summary>Re-observes VIPs whose interval has elapsed and releases held VIPs whose time has come.</summary>
    public List<VipDecision> Tick(DateTimeOffset now)
    {
        var decisions = new List<VipDecision>();
        foreach (var address in _waiting.ToArray())
        {
            var entry = _vips[address];
            var policy = _policyFor(address);
            VipDecision? decision = null;
            if (entry.Debounce.IsPending && entry.Debounce.LastObserved + policy.TimingFor(entry.Health.Timing).Interval <= now)
            {
                decision = Observe(entry.Health, now);
            }
            else if (entry.Dampening.Suppressed && policy.Dampening is { } settings && Dampener.ReleaseAt(entry.Dampening, settings) <= now)
            {
                decision = Record(entry, entry with { Dampening = Dampener.Release(entry.Dampening, now, settings) }, now);
            }

            if (decision is not null)
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }

    /// <summary>When <see cref="Tick"/> next has work, or null when no VIP is counting or held.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? due = null;
        foreach (var address in _waiting)
        {
            var entry = _vips[address];
            var policy = _policyFor(address);
            if (entry.Debounce.IsPending)
            {
                due = Earliest(due, entry.Debounce.LastObserved + policy.TimingFor(entry.Health.Timing).Interval);
            }

            if (entry.Dampening.Suppressed && policy.Dampening is { } settings)
            {
                due = Earliest(due, Dampener.ReleaseAt(entry.Dampening, settings));
            }
        }

        return due;
    }

    private VipDecision? Record(VipPolicyState? previous, VipPolicyState next, DateTimeOffset now)
    {
        var before = previous?.Effective ?? RouteState.Unknown;
        var after = next.Effective;
        if (before != after)
        {
            next = next with { LastChange = now, Transitions = next.Transitions + (before == RouteState.Unknown ? 0 : 1) };
        }

        _vips[next.Health.Address] = next;
        if (next.Debounce.IsPending || next.Dampening.Suppressed)
        {
            _waiting.Add(next.Health.Address);
        }
        else
        {
            _waiting.Remove(next.Health.Address);
        }

        if (before == after)
        {
            return null;
        }

        bool suppressedNow = next.Dampening.Suppressed && previous?.Dampening.Suppressed != true;
        bool releasedNow = !next.Dampening.Suppressed && previous?.Dampening.Suppressed == true;
        var change = suppressedNow ? DampeningChange.Suppressed : releasedNow ? DampeningChange.Released : DampeningChange.None;
        string reason = change switch
        {
            DampeningChange.Suppressed => string.Create(CultureInfo.InvariantCulture, $"{next.Reason}; held withdrawn by dampening, penalty {next.Dampening.Penalty:0} after {next.Dampening.Flaps} flaps"),
            DampeningChange.Released => string.Create(CultureInfo.InvariantCulture, $"{next.Reason}; released by dampening, penalty {next.Dampening.Penalty:0}"),
            _ => next.Reason,
        };
        return new VipDecision(next.Health.Address, before, after, reason, next.Health, change, next.Dampening.Penalty);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
