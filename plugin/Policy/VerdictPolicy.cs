using ExaHealth.Health;

namespace ExaHealth.Policy;

/// <summary>policy.withdrawWhen applied to one health snapshot. Pure.</summary>
internal static class VerdictPolicy
{
    public static Judgement Judge(VipHealth health, PolicySettings settings)
    {
        if (health.Total == 0)
        {
            return new(Verdict.Unhealthy, new VerdictReason(ReasonKind.NoBackends, 0, 0));
        }

        if (!health.IsMonitored)
        {
            return settings.Unmonitored == UnmonitoredAction.Announce
                ? new(Verdict.Healthy, new VerdictReason(ReasonKind.UnmonitoredAnnounce, health.Online, health.Total))
                : new(Verdict.Unmanaged, new VerdictReason(ReasonKind.UnmonitoredIgnore, health.Online, health.Total));
        }

        return settings.WithdrawWhen switch
        {
            WithdrawWhen.AllOffline => Decide(health.Online >= 1, health, ReasonKind.AllOffline, 0),
            WithdrawWhen.AnyOffline => Decide(health.Online == health.Total, health, ReasonKind.AnyOffline, 0),
            _ => Decide(health.Online >= settings.MinOnline, health, ReasonKind.BelowMin, settings.MinOnline),
        };
    }

    private static Judgement Decide(bool healthy, VipHealth health, ReasonKind rule, int minOnline) =>
        new(healthy ? Verdict.Healthy : Verdict.Unhealthy, new VerdictReason(rule, health.Online, health.Total, minOnline));
}
