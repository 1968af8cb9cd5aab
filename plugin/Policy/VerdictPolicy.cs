using System.Globalization;
using ExaHealth.Health;

namespace ExaHealth.Policy;

/// <summary>policy.withdrawWhen applied to one health snapshot. Pure.</summary>
internal static class VerdictPolicy
{
    public static Judgement Judge(VipHealth health, PolicySettings settings)
    {
        if (health.Total == 0)
        {
            return new(Verdict.Unhealthy, "no backends");
        }

        if (!health.IsMonitored)
        {
            return settings.Unmonitored == UnmonitoredAction.Announce
                ? new(Verdict.Healthy, Unmonitored(health, "announce"))
                : new(Verdict.Unmanaged, Unmonitored(health, "ignore"));
        }

        return settings.WithdrawWhen switch
        {
            WithdrawWhen.AllOffline => Decide(health.Online >= 1, health, "all-offline"),
            WithdrawWhen.AnyOffline => Decide(health.Online == health.Total, health, "any-offline"),
            _ => Decide(health.Online >= settings.MinOnline, health,
                string.Create(CultureInfo.InvariantCulture, $"below-min {settings.MinOnline}")),
        };
    }

    private static Judgement Decide(bool healthy, VipHealth health, string rule) =>
        new(healthy ? Verdict.Healthy : Verdict.Unhealthy, Counts(health, rule));

    private static string Unmonitored(VipHealth health, string action) =>
        string.Create(CultureInfo.InvariantCulture, $"{health.Total} backends, none monitored (unmonitored: {action})");

    private static string Counts(VipHealth health, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{health.Online}/{health.Total} backends online ({rule})");
}
