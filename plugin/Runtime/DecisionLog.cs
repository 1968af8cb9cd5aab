using System.Net;
using ExaHealth.Health;
using ExaHealth.Policy;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The log lines of VIP state changes. Decisions are kept until <see cref="Flush(bool, DateTimeOffset)"/>:
/// the caller hands the route changes to the writer first, since a site-wide failure is 10,000 log
/// lines and formatting them must not hold back the withdraws they describe. Many lines wait until
/// those commands are out (<see cref="MaxHold"/> at most): formatting and writing them is ~50 ms of
/// CPU, taken from ExaBGP and the router while they carry the routes (issue 12).
/// </summary>
internal sealed class DecisionLog(ILogger logger)
{
    // A snapshot decides every VIP at once; the room that took is not kept for the next batch.
    private const int KeptDecisions = 1024;

    // Fewer are written at once: a few VIPs changing is the usual case, and its lines are cheap.
    private const int HeldFrom = 256;

    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(2);

    private readonly List<VipDecision> _decided = [];
    private readonly HashSet<IPAddress> _degraded = [];
    private readonly CommandsHold _hold = new();

    /// <summary>Kept for <see cref="Flush(bool, DateTimeOffset)"/>.</summary>
    public void Add(VipDecision decision) => _decided.Add(decision);

    /// <summary>
    /// Writes the kept lines, unless there are many and commands still wait for ExaBGP
    /// (<paramref name="commandsQueued"/>), for at most <see cref="MaxHold"/>.
    /// </summary>
    public void Flush(bool commandsQueued, DateTimeOffset now)
    {
        if (commandsQueued && _decided.Count >= HeldFrom)
        {
            if (!_hold.Running)
            {
                // Said at once: a mass event is visible when it happens, not only once it is carried out.
                int withdrawn = 0;
                foreach (var decision in _decided)
                {
                    withdrawn += decision.Current != RouteState.Announced ? 1 : 0;
                }

                RuntimeLog.DecisionsHeld(logger, _decided.Count, withdrawn);
            }

            if (_hold.Holds(commandsQueued, now, MaxHold))
            {
                return;
            }
        }

        Flush();
    }

    /// <summary>Writes the kept lines now.</summary>
    public void Flush()
    {
        _hold.Release();
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
