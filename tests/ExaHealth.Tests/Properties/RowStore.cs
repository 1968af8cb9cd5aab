using ExaHealth.Ovsdb;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// The model of a monitored database: rows as generic column values, changed the way
/// ovsdb-server(7) defines update2 (insert and initial replace the row, modify replaces scalar
/// columns and applies map diffs with <see cref="OvsdbDiff"/>, a modify of an unknown row is an
/// insert, delete removes). Written back as one monitor reply it gives what a fresh replica must build.
/// </summary>
internal sealed class RowStore
{
    private readonly Dictionary<(string Table, Guid Uuid), Dictionary<string, OvsdbValue>> _rows = [];

    public void Clear() => _rows.Clear();

    public void Apply(IEnumerable<TableUpdate> tables)
    {
        foreach (var table in tables)
        {
            foreach (var row in table.Rows)
            {
                var key = (table.Table, row.Uuid);
                if (row.Kind == RowChangeKind.Delete)
                {
                    _rows.Remove(key);
                }
                else if (row.Kind == RowChangeKind.Modify && _rows.TryGetValue(key, out var columns))
                {
                    foreach (var (column, value) in row.Columns)
                    {
                        columns[column] = SouthboundRows.MapColumns.Contains(column)
                            ? OvsdbDiff.ApplyMap(columns.GetValueOrDefault(column) ?? OvsdbValue.EmptyMap, value)
                            : value;
                    }
                }
                else
                {
                    _rows[key] = row.Columns.ToDictionary(c => c.Column, c => c.Value);
                }
            }
        }
    }

    /// <summary>Every row as an initial row of a monitor reply.</summary>
    public TableUpdatesData Snapshot() => TableUpdatesWriter.Write(TestUpdates.Request, [.. _rows
        .GroupBy(r => r.Key.Table)
        .Select(t => new TableUpdate(t.Key, [.. t.Select(r => new RowUpdate(
            r.Key.Uuid, RowChangeKind.Initial, [.. r.Value.Select(c => new ColumnValue(c.Key, c.Value))]))]))]);
}
