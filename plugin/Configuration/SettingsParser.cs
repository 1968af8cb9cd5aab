using ExaHealth.ExaBgp;
using ExaHealth.Policy;
using ExaHealth.State;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Configuration;

/// <summary>
/// Bound raw values to validated <see cref="Settings"/>; the first bad value throws <see cref="ConfigurationException"/>.
/// The sections are parsed by their own types, called here in the order their keys are checked, so
/// which error a file with several gets stays the same.
/// </summary>
internal static class SettingsParser
{
    private static readonly Dictionary<string, bool> FormatWords = new()
    {
        ["simple"] = false,
        ["json"] = true,
    };

    private static readonly Dictionary<string, LogLevel> LevelWords = new()
    {
        ["trace"] = LogLevel.Trace,
        ["debug"] = LogLevel.Debug,
        ["information"] = LogLevel.Information,
        ["warning"] = LogLevel.Warning,
        ["error"] = LogLevel.Error,
        ["critical"] = LogLevel.Critical,
        ["none"] = LogLevel.None,
    };

    private static readonly Dictionary<string, bool> DatabaseLossWords = new()
    {
        ["hold"] = false,
        ["withdraw"] = true,
    };

    public static Settings Parse(RawRoot raw)
    {
        var notImplemented = new List<string>();
        var rawRoutes = raw.Routes ?? new RawRoutes();
        var routes = RouteSettingsParser.ParseRoutes(rawRoutes);
        var policy = PolicySettingsParser.ParsePolicy(raw.Policy ?? new RawPolicy(), "policy", new PolicySettings());
        var degraded = raw.Policy?.Degraded is { } rawDegraded ? PolicySettingsParser.ParseDegraded(rawDegraded, "policy.degraded") : null;
        PolicySettingsParser.CheckPrepend(degraded, routes, "policy.degraded.asPathPrepend");
        var ovsdb = OvsdbSettingsParser.ParseOvsdb(raw.Ovsdb ?? new RawOvsdb(), notImplemented);
        var settings = new Settings
        {
            Ovsdb = ovsdb,
            Northbound = ConfigValues.Text(raw.Ovsdb?.Northbound) is { } northbound
                ? ovsdb with { Remotes = OvsdbSettingsParser.ParseRemotes("ovsdb.northbound", northbound) }
                : null,
            LoadBalancerPatterns = RouteSettingsParser.ParseLoadBalancers(rawRoutes.LoadBalancers),
            Routes = routes,
            Policy = policy,
            Degraded = degraded,
            Overrides = OverrideSettingsParser.ParseOverrides(raw.Overrides, policy, degraded, routes),
            StaleChassis = raw.Policy?.StaleChassis is { } stale
                ? ConfigValues.Seconds("policy.staleChassis.seconds", stale.Seconds, TimeSpan.FromSeconds(30), 1, 3600)
                : null,
            ExaBgp = new ExaBgpSettings
            {
                Ack = ConfigValues.Bool("exabgp.ack", raw.ExaBgp?.Ack, true),
                AckTimeout = ConfigValues.Seconds("exabgp.ackTimeoutSeconds", raw.ExaBgp?.AckTimeoutSeconds, TimeSpan.FromSeconds(5), 0.1, 600),
            },
            Logging = new LoggingSettings(
                ConfigValues.Word("logging.format", raw.Logging?.Format, false, FormatWords),
                ConfigValues.Word("logging.level", raw.Logging?.Level, LogLevel.Information, LevelWords)),
            DisableFile = ConfigValues.Path("maintenance.disableFile", raw.Maintenance?.DisableFile) ?? "/etc/exahealth/disable",
            State = new StateSettings
            {
                Directory = ConfigValues.Path("state.directory", raw.State?.Directory) ?? new StateSettings().Directory,
                StatusFile = ConfigValues.Path("state.statusFile", raw.State?.StatusFile) ?? "/run/exahealth/status.json",
                MetricsFile = ConfigValues.Path("state.metricsFile", raw.State?.MetricsFile),
            },
            NotImplemented = notImplemented,
        };

        settings = settings with
        {
            DatabaseLoss = new DatabaseLossSettings(
                ConfigValues.Word("onDatabaseLoss.action", raw.OnDatabaseLoss?.Action, false, DatabaseLossWords),
                ConfigValues.Seconds("onDatabaseLoss.graceSeconds", raw.OnDatabaseLoss?.GraceSeconds, TimeSpan.FromSeconds(60), 0, 86400)),
        };
        return settings;
    }
}
