using System.Globalization;
using ExaHealth.Health;
using ExaHealth.Policy;
using ExaHealth.Routes;

namespace ExaHealth.Configuration;

/// <summary>A policy section (global or of an overrides entry) with its dampening and degraded parts; the first bad value throws.</summary>
internal static class PolicySettingsParser
{
    private static readonly Dictionary<string, WithdrawWhen> WithdrawWhenWords = new()
    {
        ["all-offline"] = WithdrawWhen.AllOffline,
        ["any-offline"] = WithdrawWhen.AnyOffline,
        ["below-min"] = WithdrawWhen.BelowMin,
    };

    private static readonly Dictionary<string, UnmonitoredAction> UnmonitoredWords = new()
    {
        ["announce"] = UnmonitoredAction.Announce,
        ["ignore"] = UnmonitoredAction.Ignore,
    };

    private static readonly Dictionary<string, EmptyStatus> EmptyStatusWords = new()
    {
        ["online"] = EmptyStatus.Online,
        ["offline"] = EmptyStatus.Offline,
    };

    /// <summary>A policy section; keys not given keep <paramref name="fallback"/>'s values.</summary>
    public static PolicySettings ParsePolicy(RawPolicy raw, string prefix, PolicySettings fallback) => new()
    {
        WithdrawWhen = ConfigValues.Word($"{prefix}.withdrawWhen", raw.WithdrawWhen, fallback.WithdrawWhen, WithdrawWhenWords),
        MinOnline = (int)ConfigValues.Integer($"{prefix}.minOnline", raw.MinOnline, fallback.MinOnline, 1, 1_000_000),
        Unmonitored = ConfigValues.Word($"{prefix}.unmonitored", raw.Unmonitored, fallback.Unmonitored, UnmonitoredWords),
        EmptyStatus = ConfigValues.Word($"{prefix}.emptyStatus", raw.EmptyStatus, fallback.EmptyStatus, EmptyStatusWords),
        Interval = IsOvn(raw.Interval) ? null
            : ConfigValues.Text(raw.Interval) is null ? fallback.Interval
            : ConfigValues.Seconds($"{prefix}.interval", raw.Interval, TimeSpan.Zero, 0.1, 86400),
        FailureCount = IsOvn(raw.FailureCount) ? null
            : ConfigValues.Text(raw.FailureCount) is null ? fallback.FailureCount
            : (int)ConfigValues.Integer($"{prefix}.failureCount", raw.FailureCount, 1, 1, 1000),
        SuccessCount = IsOvn(raw.SuccessCount) ? null
            : ConfigValues.Text(raw.SuccessCount) is null ? fallback.SuccessCount
            : (int)ConfigValues.Integer($"{prefix}.successCount", raw.SuccessCount, 1, 1, 1000),
        Dampening = raw.Dampening is null ? fallback.Dampening : ParseDampening(raw.Dampening, $"{prefix}.dampening"),
    };

    public static DegradedSettings? ParseDegraded(RawDegraded raw, string prefix)
    {
        if (ConfigValues.Text(raw.BelowOnline) is null && ConfigValues.Text(raw.Med) is null && ConfigValues.Text(raw.AsPathPrepend) is null && raw.Communities is null)
        {
            return null;
        }

        var degraded = new DegradedSettings
        {
            BelowOnline = (int)ConfigValues.Integer($"{prefix}.belowOnline",
                ConfigValues.Text(raw.BelowOnline) ?? throw new ConfigurationException($"{prefix}.belowOnline", null, "expected the number of online backends under which the VIP is degraded"),
                0, 1, 1_000_000),
            Med = ConfigValues.Text(raw.Med) is null ? null : (uint)ConfigValues.Integer($"{prefix}.med", raw.Med, 0, 0, uint.MaxValue),
            AsPathPrepend = (int)ConfigValues.Integer($"{prefix}.asPathPrepend", raw.AsPathPrepend, 0, 0, 16),
            Communities = ConfigValues.List($"{prefix}.communities", raw.Communities, ConfigValues.Community),
        };
        if (degraded.Med is null && degraded.AsPathPrepend == 0 && degraded.Communities.IsEmpty)
        {
            throw new ConfigurationException($"{prefix}.belowOnline", raw.BelowOnline, "a degraded VIP needs a worse attribute: set med, asPathPrepend or communities");
        }

        return degraded;
    }

    /// <summary>A prepend repeats our own AS; it must be known unless routes.asPath gives the path.</summary>
    public static void CheckPrepend(DegradedSettings? degraded, RouteSettings routes, string key)
    {
        if (degraded is { AsPathPrepend: > 0 } && routes.LocalAs is null)
        {
            throw new ConfigurationException("routes.localAs", null,
                $"{key} repeats our own AS number: set routes.localAs to the AS ExaBGP announces from");
        }
    }

    private static bool IsOvn(string? value) => string.Equals(ConfigValues.Text(value), "ovn", StringComparison.OrdinalIgnoreCase);

    private static DampeningSettings? ParseDampening(RawDampening raw, string prefix)
    {
        if (ConfigValues.Text(raw.Penalty) is null && ConfigValues.Text(raw.HalfLifeSeconds) is null && ConfigValues.Text(raw.SuppressAbove) is null
            && ConfigValues.Text(raw.ReuseBelow) is null && ConfigValues.Text(raw.MaxSuppressSeconds) is null)
        {
            return null;
        }

        var d = new DampeningSettings();
        d = new DampeningSettings
        {
            Penalty = ConfigValues.Integer($"{prefix}.penalty", raw.Penalty, (long)d.Penalty, 1, 1_000_000),
            HalfLife = ConfigValues.Seconds($"{prefix}.halfLifeSeconds", raw.HalfLifeSeconds, d.HalfLife, 1, 86400),
            SuppressAbove = ConfigValues.Integer($"{prefix}.suppressAbove", raw.SuppressAbove, (long)d.SuppressAbove, 1, 100_000_000),
            ReuseBelow = ConfigValues.Integer($"{prefix}.reuseBelow", raw.ReuseBelow, (long)d.ReuseBelow, 1, 100_000_000),
            MaxSuppress = ConfigValues.Seconds($"{prefix}.maxSuppressSeconds", raw.MaxSuppressSeconds, d.MaxSuppress, 1, 7 * 86400),
        };
        if (d.ReuseBelow >= d.SuppressAbove)
        {
            throw new ConfigurationException($"{prefix}.reuseBelow", raw.ReuseBelow ?? d.ReuseBelow.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"must be below suppressAbove ({d.SuppressAbove})"));
        }

        return d;
    }
}
