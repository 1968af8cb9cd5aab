using System.Collections.Immutable;
using System.Net.Sockets;
using ExaHealth.ExaBgp;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Configuration;

/// <summary>Bound raw values to validated <see cref="Settings"/>; the first bad value throws <see cref="ConfigurationException"/>.</summary>
internal static class SettingsParser
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

    private static readonly Dictionary<string, Origin> OriginWords = new()
    {
        ["igp"] = Origin.Igp,
        ["egp"] = Origin.Egp,
        ["incomplete"] = Origin.Incomplete,
    };

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

    public static Settings Parse(RawRoot raw)
    {
        var notImplemented = new List<string>();
        var settings = new Settings
        {
            Ovsdb = ParseOvsdb(raw.Ovsdb ?? new RawOvsdb(), notImplemented),
            LoadBalancerPatterns = ParseLoadBalancers(raw.Routes?.LoadBalancers),
            Routes = ParseRoutes(raw.Routes ?? new RawRoutes()),
            Policy = ParsePolicy(raw.Policy ?? new RawPolicy(), notImplemented),
            EmptyStatus = ConfigValues.Word("policy.emptyStatus", raw.Policy?.EmptyStatus, EmptyStatus.Online, EmptyStatusWords),
            ExaBgp = new ExaBgpSettings
            {
                Ack = ConfigValues.Bool("exabgp.ack", raw.ExaBgp?.Ack, true),
                AckTimeout = ConfigValues.Seconds("exabgp.ackTimeoutSeconds", raw.ExaBgp?.AckTimeoutSeconds, TimeSpan.FromSeconds(5), 0.1, 600),
            },
            Logging = new LoggingSettings(
                ConfigValues.Word("logging.format", raw.Logging?.Format, false, FormatWords),
                ConfigValues.Word("logging.level", raw.Logging?.Level, LogLevel.Information, LevelWords)),
            NotImplemented = notImplemented,
        };
        ParseNotYetImplemented(raw, notImplemented);
        return settings;
    }

    private static OvsdbClientOptions ParseOvsdb(RawOvsdb raw, List<string> notImplemented)
    {
        const string key = "ovsdb.southbound";
        var text = ConfigValues.Text(raw.Southbound)
            ?? throw new ConfigurationException(key, null, "expected unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT (comma-separated for a cluster)");
        var remotes = new List<OvsdbRemote>();
        foreach (var part in text.Split(','))
        {
            if (!OvsdbRemote.TryParse(part.Trim(), out var remote, out var error))
            {
                throw new ConfigurationException(key, text, error);
            }

            if (remote.Kind == OvsdbRemoteKind.Ssl)
            {
                throw new ConfigurationException(key, text, "ssl: remotes are not supported by this version yet; use unix: or tcp:");
            }

            remotes.Add(remote);
        }

        if (ConfigValues.Text(raw.Northbound) is not null)
        {
            notImplemented.Add("ovsdb.northbound");
        }

        if (ConfigValues.Bool("ovsdb.leaderOnly", raw.LeaderOnly, false))
        {
            notImplemented.Add("ovsdb.leaderOnly");
        }

        return new OvsdbClientOptions
        {
            Remotes = remotes,
            ProbeInterval = ConfigValues.Seconds("ovsdb.probeIntervalSeconds", raw.ProbeIntervalSeconds, TimeSpan.FromSeconds(5), 0, 3600),
            MaxBackoff = ConfigValues.Seconds("ovsdb.maxBackoffSeconds", raw.MaxBackoffSeconds, TimeSpan.FromSeconds(8), 0.25, 3600),
            MaxMessageBytes = ConfigValues.Integer("ovsdb.maxMessageBytes", raw.MaxMessageBytes, OvsdbLimits.DefaultMaxMessageBytes, 4096, 4L * 1024 * 1024 * 1024),
        };
    }

    private static ImmutableArray<string> ParseLoadBalancers(string[]? patterns)
    {
        var list = ConfigValues.List("routes.loadBalancers", patterns, static (key, value) =>
            ConfigValues.Text(value) is { } text && !text.Any(char.IsControl)
                ? text
                : throw new ConfigurationException(key, value, "expected a glob pattern on Load_Balancer names, e.g. incus-net*"));
        return list.IsEmpty ? ["*"] : list;
    }

    private static RouteSettings ParseRoutes(RawRoutes raw)
    {
        var allowed = ConfigValues.List("routes.allowedPrefixes", raw.AllowedPrefixes, ConfigValues.Prefix);
        if (allowed.IsEmpty)
        {
            throw new ConfigurationException("routes.allowedPrefixes", null, "expected at least one prefix; nothing outside them is ever announced");
        }

        var common = new RouteAttributes
        {
            Origin = ConfigValues.Text(raw.Origin) is null ? Origin.Igp : ConfigValues.Word("routes.origin", raw.Origin, Origin.Igp, OriginWords),
            AsPath = ConfigValues.List("routes.asPath", raw.AsPath, ConfigValues.Asn),
            Med = (uint?)ConfigValues.OptionalInteger("routes.med", raw.Med, 0, uint.MaxValue),
            LocalPreference = (uint?)ConfigValues.OptionalInteger("routes.localPreference", raw.LocalPreference, 0, uint.MaxValue),
            Communities = ConfigValues.List("routes.communities", raw.Communities, ConfigValues.Community),
            LargeCommunities = ConfigValues.List("routes.largeCommunities", raw.LargeCommunities, ConfigValues.LargeCommunity),
            Neighbors = ConfigValues.List("routes.neighbors", raw.Neighbors, ConfigValues.Address),
        };
        return new RouteSettings
        {
            AllowedPrefixes = allowed,
            IPv4 = common with { NextHop = ConfigValues.NextHop("routes.nextHop", raw.NextHop, AddressFamily.InterNetwork) },
            IPv6 = common with { NextHop = ConfigValues.NextHop("routes.nextHopV6", raw.NextHopV6, AddressFamily.InterNetworkV6) },
            WithdrawOnExit = ConfigValues.Bool("routes.withdrawOnExit", raw.WithdrawOnExit, false),
        };
    }

    private static PolicySettings ParsePolicy(RawPolicy raw, List<string> notImplemented)
    {
        var settings = new PolicySettings
        {
            WithdrawWhen = ConfigValues.Word("policy.withdrawWhen", raw.WithdrawWhen, WithdrawWhen.AllOffline, WithdrawWhenWords),
            MinOnline = (int)ConfigValues.Integer("policy.minOnline", raw.MinOnline, 1, 1, 1_000_000),
            Unmonitored = ConfigValues.Word("policy.unmonitored", raw.Unmonitored, UnmonitoredAction.Announce, UnmonitoredWords),
            Interval = ConfigValues.Seconds("policy.interval", OvnNotYet("policy.interval", raw.Interval), TimeSpan.FromSeconds(5), 0.1, 86400),
            FailureCount = (int)ConfigValues.Integer("policy.failureCount", OvnNotYet("policy.failureCount", raw.FailureCount), 1, 1, 1000),
            SuccessCount = (int)ConfigValues.Integer("policy.successCount", OvnNotYet("policy.successCount", raw.SuccessCount), 1, 1, 1000),
        };
        return settings;
    }

    private static string? OvnNotYet(string key, string? value) =>
        string.Equals(ConfigValues.Text(value), "ovn", StringComparison.OrdinalIgnoreCase)
            ? throw new ConfigurationException(key, value, "\"ovn\" (take it from Service_Monitor options) is not supported by this version yet; give a number")
            : value;

    /// <summary>Keys of later features: validated enough to catch typos, reported as not acted on.</summary>
    private static void ParseNotYetImplemented(RawRoot raw, List<string> notImplemented)
    {
        if (raw.Policy?.Degraded is { } degraded && (degraded.BelowOnline ?? degraded.Med ?? degraded.AsPathPrepend) is not null)
        {
            notImplemented.Add("policy.degraded");
        }

        if (raw.Policy?.Dampening is { } dampening && (dampening.Penalty ?? dampening.HalfLifeSeconds ?? dampening.SuppressAbove) is not null)
        {
            notImplemented.Add("policy.dampening");
        }

        if (ConfigValues.Text(raw.OnDatabaseLoss?.Action) is { } action && !action.Equals("hold", StringComparison.OrdinalIgnoreCase))
        {
            notImplemented.Add("onDatabaseLoss.action");
        }

        if (raw.Overrides is { Length: > 0 })
        {
            notImplemented.Add("overrides");
        }

        if (ConfigValues.Text(raw.Maintenance?.DisableFile) is not null)
        {
            notImplemented.Add("maintenance.disableFile");
        }

        if (ConfigValues.Text(raw.State?.StatusFile) is not null || ConfigValues.Text(raw.State?.MetricsFile) is not null)
        {
            notImplemented.Add("state.statusFile/metricsFile");
        }
    }
}
