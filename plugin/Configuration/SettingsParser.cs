using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ExaHealth.ExaBgp;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.State;
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

    private static readonly Dictionary<string, bool> DatabaseLossWords = new()
    {
        ["hold"] = false,
        ["withdraw"] = true,
    };

    public static Settings Parse(RawRoot raw)
    {
        var notImplemented = new List<string>();
        var rawRoutes = raw.Routes ?? new RawRoutes();
        var routes = ParseRoutes(rawRoutes);
        var policy = ParsePolicy(raw.Policy ?? new RawPolicy(), "policy", new PolicySettings());
        var degraded = raw.Policy?.Degraded is { } rawDegraded ? ParseDegraded(rawDegraded, "policy.degraded") : null;
        CheckPrepend(degraded, routes, "policy.degraded.asPathPrepend");
        var ovsdb = ParseOvsdb(raw.Ovsdb ?? new RawOvsdb(), notImplemented);
        var settings = new Settings
        {
            Ovsdb = ovsdb,
            Northbound = ConfigValues.Text(raw.Ovsdb?.Northbound) is { } northbound
                ? ovsdb with { Remotes = ParseRemotes("ovsdb.northbound", northbound) }
                : null,
            LoadBalancerPatterns = ParseLoadBalancers(rawRoutes.LoadBalancers),
            Routes = routes,
            Policy = policy,
            Degraded = degraded,
            Overrides = ParseOverrides(raw.Overrides, policy, degraded, routes),
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

    private static OvsdbClientOptions ParseOvsdb(RawOvsdb raw, List<string> notImplemented)
    {
        const string key = "ovsdb.southbound";
        var text = ConfigValues.Text(raw.Southbound)
            ?? throw new ConfigurationException(key, null, "expected unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT (comma-separated for a cluster)");
        var remotes = ParseRemotes(key, text);
        bool ssl = remotes.Any(r => r.Kind == OvsdbRemoteKind.Ssl)
            || (ConfigValues.Text(raw.Northbound) is { } nb && ParseRemotes("ovsdb.northbound", nb).Any(r => r.Kind == OvsdbRemoteKind.Ssl));
        return new OvsdbClientOptions
        {
            Remotes = remotes,
            LeaderOnly = ConfigValues.Bool("ovsdb.leaderOnly", raw.LeaderOnly, false),
            Tls = ssl ? ParseTls(raw) : null,
            ProbeInterval = ConfigValues.Seconds("ovsdb.probeIntervalSeconds", raw.ProbeIntervalSeconds, TimeSpan.FromSeconds(5), 0, 3600),
            MaxBackoff = ConfigValues.Seconds("ovsdb.maxBackoffSeconds", raw.MaxBackoffSeconds, TimeSpan.FromSeconds(8), 0.25, 3600),
            MaxMessageBytes = ConfigValues.Integer("ovsdb.maxMessageBytes", raw.MaxMessageBytes, OvsdbLimits.DefaultMaxMessageBytes, 4096, 4L * 1024 * 1024 * 1024),
        };
    }

    /// <summary>The three PEM files of ssl: remotes, checked now so that a bad one stops the start with one line.</summary>
    private static OvsdbTls ParseTls(RawOvsdb raw)
    {
        string File(string key, string? value) => ConfigValues.Path(key, value)
            ?? throw new ConfigurationException(key, null, "ssl: remotes need ovsdb.privateKey, ovsdb.certificate and ovsdb.caCertificate (PEM files)");
        var tls = new OvsdbTls(
            File("ovsdb.privateKey", raw.PrivateKey),
            File("ovsdb.certificate", raw.Certificate),
            File("ovsdb.caCertificate", raw.CaCertificate));
        try
        {
            var (client, authorities) = tls.Load();
            client.Dispose();
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }
        }
        catch (OvsdbTlsException ex)
        {
            throw new ConfigurationException("invalid configuration: " + ex.Message.ReplaceLineEndings(" "), ex);
        }

        return tls;
    }

    private static List<OvsdbRemote> ParseRemotes(string key, string text)
    {
        var remotes = new List<OvsdbRemote>();
        foreach (var part in text.Split(','))
        {
            if (!OvsdbRemote.TryParse(part.Trim(), out var remote, out var error))
            {
                throw new ConfigurationException(key, text, error);
            }

            remotes.Add(remote);
        }

        return remotes;
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

        var common = ParseAttributes(raw, "routes", new RouteAttributes { Origin = Origin.Igp });
        return new RouteSettings
        {
            AllowedPrefixes = allowed,
            IPv4 = common with { NextHop = ConfigValues.NextHop("routes.nextHop", raw.NextHop, AddressFamily.InterNetwork, NextHop.Self) },
            IPv6 = common with { NextHop = ConfigValues.NextHop("routes.nextHopV6", raw.NextHopV6, AddressFamily.InterNetworkV6, NextHop.Self) },
            LocalAs = ConfigValues.Text(raw.LocalAs) is null ? null : ConfigValues.Asn("routes.localAs", raw.LocalAs),
            WithdrawOnExit = ConfigValues.Bool("routes.withdrawOnExit", raw.WithdrawOnExit, false),
            GracefulShutdown = raw.GracefulShutdown is { } graceful ? new GracefulShutdownSettings(
                ConfigValues.Seconds("routes.gracefulShutdown.seconds", graceful.Seconds, TimeSpan.FromSeconds(30), 1, 3600),
                ConfigValues.Text(graceful.Community) is null ? Community.GracefulShutdown : ConfigValues.Community("routes.gracefulShutdown.community", graceful.Community),
                ConfigValues.Text(graceful.LocalPreference) is null ? null
                    : (uint)ConfigValues.Integer("routes.gracefulShutdown.localPreference", graceful.LocalPreference, 0, 0, uint.MaxValue)) : null,
        };
    }

    /// <summary>Route attributes other than the next-hop; keys not given keep <paramref name="fallback"/>'s values.</summary>
    private static RouteAttributes ParseAttributes(RawRoutes raw, string prefix, RouteAttributes fallback) => fallback with
    {
        Origin = ConfigValues.Word($"{prefix}.origin", raw.Origin, fallback.Origin ?? Origin.Igp, OriginWords),
        AsPath = raw.AsPath is null ? fallback.AsPath : ConfigValues.List($"{prefix}.asPath", raw.AsPath, ConfigValues.Asn),
        Med = ConfigValues.Text(raw.Med) is null ? fallback.Med : (uint)ConfigValues.Integer($"{prefix}.med", raw.Med, 0, 0, uint.MaxValue),
        LocalPreference = ConfigValues.Text(raw.LocalPreference) is null
            ? fallback.LocalPreference
            : (uint)ConfigValues.Integer($"{prefix}.localPreference", raw.LocalPreference, 0, 0, uint.MaxValue),
        Communities = raw.Communities is null ? fallback.Communities : ConfigValues.List($"{prefix}.communities", raw.Communities, ConfigValues.Community),
        LargeCommunities = raw.LargeCommunities is null
            ? fallback.LargeCommunities
            : ConfigValues.List($"{prefix}.largeCommunities", raw.LargeCommunities, ConfigValues.LargeCommunity),
        Neighbors = raw.Neighbors is null ? fallback.Neighbors : ConfigValues.List($"{prefix}.neighbors", raw.Neighbors, ConfigValues.Address),
    };

    /// <summary>A policy section; keys not given keep <paramref name="fallback"/>'s values.</summary>
    private static PolicySettings ParsePolicy(RawPolicy raw, string prefix, PolicySettings fallback) => new()
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

    private static bool IsOvn(string? value) => string.Equals(ConfigValues.Text(value), "ovn", StringComparison.OrdinalIgnoreCase);

    private static DegradedSettings? ParseDegraded(RawDegraded raw, string prefix)
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

    private static Dictionary<IPAddress, VipOverride> ParseOverrides(RawOverride[]? overrides, PolicySettings policy, DegradedSettings? degraded, RouteSettings routes)
    {
        var result = new Dictionary<IPAddress, VipOverride>();
        for (int i = 0; i < (overrides?.Length ?? 0); i++)
        {
            var raw = overrides![i];
            string prefix = string.Create(CultureInfo.InvariantCulture, $"overrides[{i}]");
            var vip = ConfigValues.Address($"{prefix}.vip", raw.Vip);
            if (result.ContainsKey(vip))
            {
                throw new ConfigurationException($"{prefix}.vip", raw.Vip, "this VIP already has an overrides entry");
            }

            var rawRoutes = raw.Routes ?? new RawRoutes();
            if (rawRoutes.AllowedPrefixes is not null || rawRoutes.LoadBalancers is not null || ConfigValues.Text(rawRoutes.WithdrawOnExit) is not null
                || ConfigValues.Text(rawRoutes.LocalAs) is not null)
            {
                throw new ConfigurationException($"{prefix}.routes", "allowedPrefixes/loadBalancers/withdrawOnExit/localAs", "these keys are global and cannot be overridden per VIP");
            }

            var vipPolicy = raw.Policy is null ? policy : ParsePolicy(raw.Policy, $"{prefix}.policy", policy);
            var vipDegraded = raw.Policy?.Degraded is { } rawDegraded ? ParseDegraded(rawDegraded, $"{prefix}.policy.degraded") : degraded;
            CheckPrepend(vipDegraded, routes, $"{prefix}.policy.degraded.asPathPrepend");
            var v4 = ParseAttributes(rawRoutes, $"{prefix}.routes", routes.IPv4);
            var v6 = ParseAttributes(rawRoutes, $"{prefix}.routes", routes.IPv6);
            result.Add(vip, new VipOverride(
                vipPolicy,
                vipDegraded,
                v4 with { NextHop = ConfigValues.NextHop($"{prefix}.routes.nextHop", rawRoutes.NextHop, AddressFamily.InterNetwork, routes.IPv4.NextHop) },
                v6 with { NextHop = ConfigValues.NextHop($"{prefix}.routes.nextHopV6", rawRoutes.NextHopV6, AddressFamily.InterNetworkV6, routes.IPv6.NextHop) }));
        }

        return result;
    }

    /// <summary>A prepend repeats our own AS; it must be known unless routes.asPath gives the path.</summary>
    private static void CheckPrepend(DegradedSettings? degraded, RouteSettings routes, string key)
    {
        if (degraded is { AsPathPrepend: > 0 } && routes.LocalAs is null)
        {
            throw new ConfigurationException("routes.localAs", null,
                $"{key} repeats our own AS number: set routes.localAs to the AS ExaBGP announces from");
        }
    }
}
