using System.Globalization;
using System.Text;
using ExaHealth.Policy;
using ExaHealth.Routes;

namespace ExaHealth.Configuration;

/// <summary>The resolved configuration as <c>key = value</c> lines, keys spelt as in SPEC (check-config).</summary>
internal static class SettingsPrinter
{
    public static string Print(Settings s)
    {
        var text = new StringBuilder();
        void Line(string key, object? value) => text.Append(CultureInfo.InvariantCulture, $"{key} = {value}\n");

        Line("ovsdb.southbound", string.Join(",", s.Ovsdb.Remotes));
        Line("ovsdb.northbound", s.Northbound is { } nb ? string.Join(",", nb.Remotes) : "(none)");
        Line("ovsdb.probeIntervalSeconds", s.Ovsdb.ProbeInterval.TotalSeconds);
        Line("ovsdb.maxBackoffSeconds", s.Ovsdb.MaxBackoff.TotalSeconds);
        Line("ovsdb.maxMessageBytes", s.Ovsdb.MaxMessageBytes);
        Line("routes.allowedPrefixes", List(s.Routes.AllowedPrefixes));
        Line("routes.loadBalancers", List(s.LoadBalancerPatterns));
        Line("routes.nextHop", Hop(s.Routes.IPv4.NextHop));
        Line("routes.nextHopV6", Hop(s.Routes.IPv6.NextHop));
        Attributes(Line, "routes", s.Routes.IPv4);
        Line("routes.localAs", s.Routes.LocalAs?.ToString(CultureInfo.InvariantCulture) ?? "(none)");
        Line("routes.withdrawOnExit", Bool(s.Routes.WithdrawOnExit));
        Line("routes.gracefulShutdown", s.Routes.GracefulShutdown is { } g
            ? string.Create(CultureInfo.InvariantCulture, $"{g.Duration.TotalSeconds} s, community {g.Community.Asn}:{g.Community.Value}, localPreference {g.LocalPreference?.ToString(CultureInfo.InvariantCulture) ?? "(unchanged)"}")
            : "(off)");
        Policy(Line, "policy", s.Policy, s.Degraded);
        Line("policy.staleChassis", s.StaleChassis is { } stale ? string.Create(CultureInfo.InvariantCulture, $"{stale.TotalSeconds} s") : "(off)");
        foreach (var (vip, o) in s.Overrides)
        {
            string prefix = $"overrides[{vip}]";
            Line(prefix + ".routes.nextHop", Hop(o.IPv4.NextHop));
            Line(prefix + ".routes.nextHopV6", Hop(o.IPv6.NextHop));
            Attributes(Line, prefix + ".routes", vip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? o.IPv4 : o.IPv6);
            Policy(Line, prefix + ".policy", o.Policy, o.Degraded);
        }

        Line("exabgp.ack", Bool(s.ExaBgp.Ack));
        Line("exabgp.ackTimeoutSeconds", s.ExaBgp.AckTimeout.TotalSeconds);
        Line("maintenance.disableFile", s.DisableFile ?? "(none)");
        Line("state.directory", s.State.Directory ?? "(none)");
        Line("logging.format", s.Logging.Json ? "json" : "simple");
        Line("logging.level", s.Logging.Level);
        foreach (var key in s.NotImplemented)
        {
            Line(key, "(accepted, not acted on by this version)");
        }

        return text.ToString();
    }

    private static void Attributes(Action<string, object?> line, string prefix, RouteAttributes a)
    {
        line(prefix + ".origin", a.Origin?.ToString().ToLowerInvariant() ?? "(none)");
        line(prefix + ".med", a.Med?.ToString(CultureInfo.InvariantCulture) ?? "(none)");
        line(prefix + ".localPreference", a.LocalPreference?.ToString(CultureInfo.InvariantCulture) ?? "(none)");
        line(prefix + ".asPath", List(a.AsPath));
        line(prefix + ".communities", List(a.Communities.Select(c => $"{c.Asn}:{c.Value}")));
        line(prefix + ".largeCommunities", List(a.LargeCommunities.Select(c => $"{c.GlobalAdministrator}:{c.LocalData1}:{c.LocalData2}")));
        line(prefix + ".neighbors", List(a.Neighbors));
    }

    private static void Policy(Action<string, object?> line, string prefix, PolicySettings p, DegradedSettings? degraded)
    {
        line(prefix + ".withdrawWhen", Kebab(p.WithdrawWhen.ToString()));
        line(prefix + ".minOnline", p.MinOnline);
        line(prefix + ".interval", p.Interval?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? "ovn");
        line(prefix + ".failureCount", p.FailureCount?.ToString(CultureInfo.InvariantCulture) ?? "ovn");
        line(prefix + ".successCount", p.SuccessCount?.ToString(CultureInfo.InvariantCulture) ?? "ovn");
        line(prefix + ".unmonitored", p.Unmonitored.ToString().ToLowerInvariant());
        line(prefix + ".emptyStatus", p.EmptyStatus.ToString().ToLowerInvariant());
        line(prefix + ".degraded", degraded is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"belowOnline {d.BelowOnline}, med {d.Med?.ToString(CultureInfo.InvariantCulture) ?? "unchanged"}, asPathPrepend {d.AsPathPrepend}, communities {List(d.Communities.Select(c => $"{c.Asn}:{c.Value}"))}")
            : "(none)");
        line(prefix + ".dampening", p.Dampening is { } m
            ? string.Create(CultureInfo.InvariantCulture, $"penalty {m.Penalty}, halfLifeSeconds {m.HalfLife.TotalSeconds}, suppressAbove {m.SuppressAbove}, reuseBelow {m.ReuseBelow}, maxSuppressSeconds {m.MaxSuppress.TotalSeconds}")
            : "(none)");
    }

    private static string List<T>(IEnumerable<T> items) => "[" + string.Join(", ", items) + "]";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Hop(NextHop hop) => hop.Address?.ToString() ?? "self";

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
