namespace ExaHealth.Ovsdb;

/// <summary>What to monitor: a database and, per table, only the columns the consumer reads.</summary>
internal sealed class MonitorRequest
{
    private readonly Dictionary<string, MonitoredTable> _byName;

    public MonitorRequest(string database, IReadOnlyList<MonitoredTable> tables)
    {
        Database = database;
        Tables = tables;
        _byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public string Database { get; }

    public IReadOnlyList<MonitoredTable> Tables { get; }

    public MonitoredTable? Find(string table) => _byName.GetValueOrDefault(table);
}
