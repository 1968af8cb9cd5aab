using System.Net;
using ExaHealth.Health;
using ExaHealth.Policy;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The log lines of VIP state changes. Decisions are kept until <see cref="Flush"/>: the caller
/// hands the route changes to the writer first, since a site-wide failure is 10,000 log lines and
/// formatting them must not hold back the withdraws they describe.
/// </summary>
internal sealed class DecisionLog(ILogger logger)
{
    // A snapshot decides every VIP at once; the room that took is not kept for the next batch.
    private const int KeptDecisions = 1024;

    private readonly List<VipDecision> _decided = [];
    private readonly HashSet<IPAddress> _degraded = [];

    /// <summary>Kept for <see cref="Flush"/>.</summary>
    public void Add(VipDecision decision) => _decided.Add(decision);

    public void Flush()
    {
        foreach (var decision in _decided)
        {
            Write(decision);
        }

        _decided.Clear();
        if (_decided.Capacity > KeptDecisions)
        {
            _decided.TrimExcess();
        }
    }

    /// <summary>Says when an announced VIP becomes degraded (policy.degraded) and when it recovers.</summary>
    public void Degraded(IPNetwork prefix, bool degraded, bool announced, VipHealth? health, DegradedSettings? settings)
    {
        var address = prefix.BaseAddress;
        if (degraded && _degraded.Add(address))
        {
            RuntimeLog.VipDegraded(logger, prefix, health!.Online, health.Total, settings!.BelowOnline);
        }
        else if (!degraded && _degraded.Remove(address) && announced)
        {
            RuntimeLog.VipRecovered(logger, prefix, health!.Online, health.Total);
        }
    }

    public void Write(VipDecision decision)
    {
        var prefix = HostPrefix.For(decision.Address);
        switch (decision)
        {
            case { Dampening: DampeningChange.Suppressed }:
                RuntimeLog.VipSuppressed(logger, prefix, decision.Reason);
                break;
            case { Dampening: DampeningChange.Released }:
                RuntimeLog.VipReleased(logger, prefix, decision.Reason);
                break;
            case { Current: RouteState.Announced, Previous: RouteState.Unknown }:
                RuntimeLog.VipFirstAnnounced(logger, prefix, decision.Reason);
                break;
            case { Current: RouteState.Announced }:
                RuntimeLog.VipAnnounced(logger, prefix, decision.Reason);
                break;
            default:
                RuntimeLog.VipWithdrawn(logger, prefix, decision.Reason);
                break;
        }
    }
}
