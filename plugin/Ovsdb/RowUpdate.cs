namespace ExaHealth.Ovsdb;

/// <summary>One row's change in a table update; <see cref="Columns"/> is empty for a delete.</summary>
internal sealed record RowUpdate(Guid Uuid, RowChangeKind Kind, IReadOnlyList<ColumnValue> Columns);
