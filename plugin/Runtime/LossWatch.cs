using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>onDatabaseLoss applied: <see cref="Policy.DatabaseLossGuard"/> decides, this says it and withdraws.</summary>
internal sealed class LossWatch(VipReconciler vips, ILogger logger)
{
    /// <summary>Once a second: a warning every minute while the database is away, and the withdraw when its grace has run out.</summary>
    public List<RouteChange> Housekeeping(DateTimeOffset now, bool southboundSynced)
    {
        if (!vips.Loss.IsLost && !southboundSynced && vips.Routes.Count > 0)
        {
            // Routes are held (inherited from the state file, or kept over a resubscription) while no
            // Southbound has answered: the loss policy applies to them as to a lost connection.
            vips.Loss.Lost(now);
        }

        var step = vips.Loss.Step(now, vips.Settings.DatabaseLoss);
        if (step.Warn)
        {
            RuntimeLog.DatabaseStillLost(logger, step.LostFor.TotalSeconds, step.WasWithdrawn ? "all routes withdrawn (onDatabaseLoss: withdraw)" : "routes held");
        }

        if (!step.Withdraw)
        {
            return [];
        }

        RuntimeLog.DatabaseLossWithdraw(logger, step.LostFor.TotalSeconds);
        var changes = new List<RouteChange>();
        vips.ReconcileAll(vips.Policy.Addresses.Concat(vips.Routes.Prefixes.Select(p => p.BaseAddress)).Distinct().ToArray(), changes);
        return changes;
    }

    /// <summary>The Southbound is complete again.</summary>
    public void Back(DateTimeOffset now)
    {
        if (vips.Loss.Back(now) is { } away)
        {
            RuntimeLog.DatabaseBack(logger, away.TotalSeconds);
        }
    }
}
