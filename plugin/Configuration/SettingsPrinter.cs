using System.Globalization;
using System.Text;
using ExaHealth.Routes;

namespace ExaHealth.Configuration;

/// <summary>The resolved configuration as <c>key = value</c> lines, keys spelt as in SPEC (check-config).</summary>
internal static class SettingsPrinter
{
    public static string Print(Settings s)
    {
        var text = new StringBuilder();
        void Line(string key, object? value) => text.Append(CultureInfo.InvariantCulture, $"{key} = {value}\n");
        static string List<T>(IEnumerable<T> items) => "[" + string.Join(", ", items) + "]";

        Line("ovsdb.southbound", string.Join(",", s.Ovsdb.Remotes));
        Line("ovsdb.probeIntervalSeconds", s.Ovsdb.ProbeInterval.TotalSeconds);
        Line("ovsdb.maxBackoffSeconds", s.Ovsdb.MaxBackoff.TotalSeconds);
        Line("ovsdb.maxMessageBytes", s.Ovsdb.MaxMessageBytes);
        Line("routes.allowedPrefixes", List(s.Routes.AllowedPrefixes));
        Line("routes.loadBalancers", List(s.LoadBalancerPatterns));
        Line("routes.nextHop", Hop(s.Routes.IPv4.NextHop));
        Line("routes.nextHopV6", Hop(s.Routes.IPv6.NextHop));
        var a = s.Routes.IPv4;
        Line("routes.origin", a.Origin?.ToString().ToLowerInvariant() ?? "(none)");
        Line("routes.med", a.Med?.ToString(CultureInfo.InvariantCulture) ?? "(none)");
        Line("routes.localPreference", a.LocalPreference?.ToString(CultureInfo.InvariantCulture) ?? "(none)");
        Line("routes.asPath", List(a.AsPath));
        Line("routes.communities", List(a.Communities.Select(c => $"{c.Asn}:{c.Value}")));
        Line("routes.largeCommunities", List(a.LargeCommunities.Select(c => $"{c.GlobalAdministrator}:{c.LocalData1}:{c.LocalData2}")));
        Line("routes.neighbors", List(a.Neighbors));
        Line("routes.withdrawOnExit", s.Routes.WithdrawOnExit ? "true" : "false");
        Line("policy.withdrawWhen", Kebab(s.Policy.WithdrawWhen.ToString()));
        Line("policy.minOnline", s.Policy.MinOnline);
        Line("policy.interval", s.Policy.Interval.TotalSeconds);
        Line("policy.failureCount", s.Policy.FailureCount);
        Line("policy.successCount", s.Policy.SuccessCount);
        Line("policy.unmonitored", s.Policy.Unmonitored.ToString().ToLowerInvariant());
        Line("policy.emptyStatus", s.EmptyStatus.ToString().ToLowerInvariant());
        Line("exabgp.ack", s.ExaBgp.Ack ? "true" : "false");
        Line("exabgp.ackTimeoutSeconds", s.ExaBgp.AckTimeout.TotalSeconds);
        Line("logging.format", s.Logging.Json ? "json" : "simple");
        Line("logging.level", s.Logging.Level);
        foreach (var key in s.NotImplemented)
        {
            Line(key, "(accepted, not acted on by this version)");
        }

        return text.ToString();
    }

    private static string Hop(NextHop hop) => hop.Address?.ToString() ?? "self";

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
