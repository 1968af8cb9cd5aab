namespace ExaHealth.Ovsdb;

/// <summary>A sink that keeps every row as generic values.</summary>
internal sealed class TableUpdateCollector : ITableUpdateSink
{
    private readonly Dictionary<string, List<RowUpdate>> _rows = [];
    private readonly List<TableUpdate> _tables = [];

    public IReadOnlyList<TableUpdate> Tables => _tables;

    public void OnRow(MonitoredTable table, Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        if (!_rows.TryGetValue(table.Name, out var rows))
        {
            rows = [];
            _rows.Add(table.Name, rows);
            _tables.Add(new TableUpdate(table.Name, rows));
        }

        var values = new List<ColumnValue>();
        while (columns.MoveNext())
        {
            values.Add(new ColumnValue(columns.Column, columns.ReadValue()));
        }

        rows.Add(new RowUpdate(uuid, kind, values));
    }
}
