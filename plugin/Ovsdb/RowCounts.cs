namespace ExaHealth.Ovsdb;

/// <summary>Per-table row counts of a snapshot for its log line, e.g. <c>Load_Balancer 2, Service_Monitor 4</c>; formatted only when logged.</summary>
internal readonly struct RowCounts(IReadOnlyList<TableUpdate> tables)
{
    public override string ToString() =>
        tables.Count == 0 ? "no rows" : string.Join(", ", tables.Select(t => $"{t.Table} {t.Rows.Count}"));
}
