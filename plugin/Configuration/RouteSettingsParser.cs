using System.Collections.Immutable;
using System.Net.Sockets;
using ExaHealth.Routes;

namespace ExaHealth.Configuration;

/// <summary>The routes section, and the route attributes an overrides entry may change; the first bad value throws.</summary>
internal static class RouteSettingsParser
{
    private static readonly Dictionary<string, Origin> OriginWords = new()
    {
        ["igp"] = Origin.Igp,
        ["egp"] = Origin.Egp,
        ["incomplete"] = Origin.Incomplete,
    };

    public static RouteSettings ParseRoutes(RawRoutes raw)
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
    public static RouteAttributes ParseAttributes(RawRoutes raw, string prefix, RouteAttributes fallback) => fallback with
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

    public static ImmutableArray<string> ParseLoadBalancers(string[]? patterns)
    {
        var list = ConfigValues.List("routes.loadBalancers", patterns, static (key, value) =>
            ConfigValues.Text(value) is { } text && !text.Any(char.IsControl)
                ? text
                : throw new ConfigurationException(key, value, "expected a glob pattern on Load_Balancer names, e.g. incus-net*"));
        return list.IsEmpty ? ["*"] : list;
    }
}
