namespace ExaHealth.Ovsdb;

/// <summary>The _Server database's row for the monitored database (ovsdb-server(5), Database table).</summary>
internal sealed record ServerDatabaseRow(string Model, bool Connected, bool Leader, long? Index);
