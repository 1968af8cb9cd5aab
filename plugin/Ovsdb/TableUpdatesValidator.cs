namespace ExaHealth.Ovsdb;

/// <summary>
/// Walks a table-updates object and checks the notation of every monitored column without keeping
/// anything but row counts, so a malformed message is refused by the session, as a protocol error,
/// before any replica has applied half of it.
/// </summary>
internal sealed class TableUpdatesValidator(RowCounts counts) : ITableUpdateSink
{
    public void OnRow(MonitoredTable table, Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        counts.Add(table);
        while (columns.MoveNext())
        {
            columns.Validate();
        }
    }
}
