namespace ExaHealth.Ovsdb;

/// <summary>The row changes of one table within one notification or monitor reply.</summary>
internal sealed record TableUpdate(string Table, IReadOnlyList<RowUpdate> Rows);
