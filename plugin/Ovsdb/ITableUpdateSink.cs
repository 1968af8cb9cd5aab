namespace ExaHealth.Ovsdb;

/// <summary>
/// Receives the rows of a table-updates object as they are read, straight from the JSON, so that a
/// replica is built without an intermediate object per row.
/// </summary>
internal interface ITableUpdateSink
{
    void OnRow(MonitoredTable table, Guid uuid, RowChangeKind kind, ref RowColumns columns);
}
