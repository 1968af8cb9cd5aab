namespace ExaHealth.Ovsdb;

/// <summary>A table and the columns to monitor in it (RFC 7047 section 4.1.5 &lt;monitor-request&gt;).</summary>
internal sealed record MonitoredTable(string Name, IReadOnlyList<string> Columns);
