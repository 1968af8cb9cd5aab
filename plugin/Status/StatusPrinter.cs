using System.Globalization;
using System.Text;

namespace ExaHealth.Status;

/// <summary>The human tables of `exahealth status` and `exahealth snapshot`.</summary>
internal static class StatusPrinter
{
    public static string Print(StatusReport report, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var sb = report.Southbound;
        text.Append(CultureInfo.InvariantCulture, $"exahealth {report.Version} (pid {report.Pid}), status written {Ago(report.WrittenAt, now)}\n");
        text.Append(CultureInfo.InvariantCulture,
            $"southbound {sb.Remote ?? "(none yet)"}: {(sb.Connected ? $"connected since {Time(sb.ConnectedSince)}, snapshot {sb.SnapshotAgeSeconds:0} s old" : $"NOT CONNECTED since {Time(sb.LostSince)}: {sb.LastError}")}\n");
        if (report.Northbound is { } nb)
        {
            text.Append(CultureInfo.InvariantCulture, $"northbound {nb.Remote ?? "(none yet)"}: {(nb.Connected ? "connected" : $"NOT CONNECTED: {nb.LastError}")}{(nb.Ignored is { } why ? $" ({why})" : string.Empty)}\n");
        }

        if (report.Maintenance)
        {
            text.Append("MAINTENANCE: the disable file exists, every route is withdrawn\n");
        }

        if (report.DatabaseLossWithdrawn)
        {
            text.Append("DATABASE LOST: every route withdrawn (onDatabaseLoss: withdraw)\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{report.Announced} of {report.Vips.Count} VIPs announced\n\n");
        var rows = report.Vips.Select(v => new[]
        {
            v.Vip, v.State, $"{v.Online}/{v.Total} online", v.Reason, v.Since is { } since ? "since " + Time(since) : string.Empty,
            v.Flaps.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        Table(text, ["VIP", "STATE", "BACKENDS", "WHY", "SINCE", "FLAPS"], rows);
        return text.ToString();
    }

    public static string Print(SnapshotReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"snapshot of {report.Remote} at {Time(report.TakenAt)}: {report.LoadBalancers} load balancers, {report.ServiceMonitors} service monitors, {report.SnapshotMilliseconds:0.0} ms\n\n");
        var rows = report.Vips.Select(v => new[]
        {
            v.Vip, string.Join(" ", v.Services), $"{v.Online}/{v.Total} online", v.Decision, v.Reason, v.Command ?? "-",
        }).ToList();
        Table(text, ["VIP", "SERVICES", "BACKENDS", "DECISION", "WHY", "COMMAND"], rows);
        return text.ToString();
    }

    private static void Table(StringBuilder text, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            for (int i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.Append('\n');
        }
    }

    private static string Time(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?";

    private static string Ago(DateTimeOffset at, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (now - at).TotalSeconds):0} s ago");
}
