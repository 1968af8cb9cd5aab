using System.Globalization;

namespace ExaHealth.Status;

/// <summary>
/// The status in Prometheus text exposition format for node_exporter's textfile collector
/// (SPEC section 6): gauges per VIP, counters with _total, seconds as the base unit.
/// Label values are prefixes formatted from parsed addresses, so they need no escaping.
/// </summary>
internal static class MetricsFormatter
{
    public static string Format(StatusReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(report, text);
        return text.ToString();
    }

    public static void Write(StatusReport report, TextWriter text)
    {
        Family(text, "exahealth_info", "gauge", "ExaHealth version, always 1.");
        Sample(text, "exahealth_info{version=\"" + report.Version + "\"}", 1);
        Family(text, "exahealth_ovsdb_connected", "gauge", "Whether the database connection holds a complete state (1) or not (0).");
        Database(text, "exahealth_ovsdb_connected", "southbound", report.Southbound, d => d.Connected ? 1 : 0);
        Database(text, "exahealth_ovsdb_connected", "northbound", report.Northbound, d => d.Connected ? 1 : 0);
        Family(text, "exahealth_ovsdb_snapshot_age_seconds", "gauge", "Seconds since the last complete snapshot of the database.");
        Database(text, "exahealth_ovsdb_snapshot_age_seconds", "southbound", report.Southbound, d => d.SnapshotAgeSeconds);
        Database(text, "exahealth_ovsdb_snapshot_age_seconds", "northbound", report.Northbound, d => d.SnapshotAgeSeconds);
        Family(text, "exahealth_maintenance", "gauge", "Whether the maintenance disable file exists (1): every route withdrawn.");
        Sample(text, "exahealth_maintenance", report.Maintenance ? 1 : 0);
        Family(text, "exahealth_routes_announced", "gauge", "Routes announced to ExaBGP.");
        Sample(text, "exahealth_routes_announced", report.Announced);
        Family(text, "exahealth_route_commands_total", "counter", "Route changes sent to ExaBGP, by kind.");
        Sample(text, "exahealth_route_commands_total{kind=\"announce\"}", report.CommandsAnnounce);
        Sample(text, "exahealth_route_commands_total{kind=\"withdraw\"}", report.CommandsWithdraw);
        Family(text, "exahealth_exabgp_errors_total", "counter", "Commands ExaBGP answered with error.");
        Sample(text, "exahealth_exabgp_errors_total", report.ExaBgpErrors);

        Family(text, "exahealth_vip_announced", "gauge", "Whether the VIP's route is announced (1) or not (0).");
        foreach (var vip in report.Vips)
        {
            VipSample(text, "exahealth_vip_announced", vip, null, vip.State is "announced" or "degraded" or "draining" ? 1 : 0);
        }

        Family(text, "exahealth_vip_backends", "gauge", "Backends of the VIP by health: online or not.");
        foreach (var vip in report.Vips)
        {
            VipSample(text, "exahealth_vip_backends", vip, "online", vip.Online);
            VipSample(text, "exahealth_vip_backends", vip, "offline", vip.Total - vip.Online);
        }

        Family(text, "exahealth_vip_degraded", "gauge", "Whether the VIP is announced with the degraded attributes.");
        foreach (var vip in report.Vips)
        {
            VipSample(text, "exahealth_vip_degraded", vip, null, vip.Degraded ? 1 : 0);
        }

        Family(text, "exahealth_vip_draining", "gauge", "Whether the VIP is announced with GRACEFUL_SHUTDOWN until its planned withdraw (routes.gracefulShutdown).");
        foreach (var vip in report.Vips)
        {
            VipSample(text, "exahealth_vip_draining", vip, null, vip.State == "draining" ? 1 : 0);
        }

        Family(text, "exahealth_vip_transitions_total", "counter", "Changes of the VIP between announced and withdrawn since the start.");
        foreach (var vip in report.Vips)
        {
            VipSample(text, "exahealth_vip_transitions_total", vip, null, vip.Flaps);
        }

        Family(text, "exahealth_vip_dampening_penalty", "gauge", "Flap penalty of the VIP (policy.dampening).");
        foreach (var vip in report.Vips)
        {
            VipSample(text, "exahealth_vip_dampening_penalty", vip, null, vip.Penalty);
        }
    }

    private static void Database(TextWriter text, string family, string name, DatabaseStatus? database, Func<DatabaseStatus, double?> value)
    {
        if (database is not null && value(database) is { } v)
        {
            text.Write(family);
            text.Write("{database=\"");
            text.Write(name);
            text.Write("\"}");
            Value(text, v);
        }
    }

    private static void Family(TextWriter text, string name, string type, string help)
    {
        text.Write("# HELP ");
        text.Write(name);
        text.Write(' ');
        text.Write(help);
        text.Write("\n# TYPE ");
        text.Write(name);
        text.Write(' ');
        text.Write(type);
        text.Write('\n');
    }

    private static void Sample(TextWriter text, string series, double value)
    {
        text.Write(series);
        Value(text, value);
    }

    /// <summary><c>family{vip="P"[,state="S"]} value</c>, written piece by piece: no string per sample.</summary>
    private static void VipSample(TextWriter text, string family, VipStatus vip, string? state, double value)
    {
        text.Write(family);
        text.Write("{vip=\"");
        text.Write(vip.Vip);
        if (state is not null)
        {
            text.Write("\",state=\"");
            text.Write(state);
        }

        text.Write("\"}");
        Value(text, value);
    }

    private static void Value(TextWriter text, double value)
    {
        Span<char> digits = stackalloc char[32];
        value.TryFormat(digits, out int length, provider: CultureInfo.InvariantCulture);
        text.Write(' ');
        text.Write(digits[..length]);
        text.Write('\n');
    }
}
