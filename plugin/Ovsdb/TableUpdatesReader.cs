using System.Text.Json;
using ExaHealth.Text;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Decodes &lt;table-updates2&gt; (ovsdb-server(7), "update2"/"update3" and the monitor_cond and
/// monitor_cond_since replies): <c>{table: {uuid: {"initial"|"insert"|"modify": row} | {"delete": null}}}</c>,
/// and RFC 7047 &lt;table-updates&gt; ("update", monitor reply): <c>{table: {uuid: {"old": row, "new": row}}}</c>,
/// whose "new" holds every column, so it is read as a full replacement (<see cref="RowChangeKind.Insert"/>).
/// Names are matched against the monitor request, so table and column names are not
/// allocated per row, and anything not asked for is skipped.
/// </summary>
internal sealed class TableUpdatesReader
{
    private readonly MonitorRequest _request;

    public TableUpdatesReader(MonitorRequest request) => _request = request;

    /// <summary>Reads the object at the current token (which must be StartObject, or null for "no changes").</summary>
    public IReadOnlyList<TableUpdate> Read(ref Utf8JsonReader reader, bool version1 = false)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        Expect(ref reader, JsonTokenType.StartObject, "table-updates");
        var tables = new List<TableUpdate>();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            MonitoredTable? table = FindTable(ref reader);
            Next(ref reader);
            if (table is null)
            {
                reader.Skip();
                continue;
            }

            tables.Add(new TableUpdate(table.Name, ReadRows(ref reader, table, version1)));
        }

        return tables;
    }

    private static List<RowUpdate> ReadRows(ref Utf8JsonReader reader, MonitoredTable table, bool version1)
    {
        Expect(ref reader, JsonTokenType.StartObject, "table-update");
        var rows = new List<RowUpdate>();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (!Guid.TryParseExact(reader.GetString(), "D", out Guid uuid))
            {
                throw new OvsdbProtocolException($"row key is not a uuid in table {table.Name}");
            }

            Next(ref reader);
            rows.Add(version1 ? ReadRowVersion1(ref reader, table, uuid) : ReadRow(ref reader, table, uuid));
        }

        return rows;
    }

    private static RowUpdate ReadRow(ref Utf8JsonReader reader, MonitoredTable table, Guid uuid)
    {
        Expect(ref reader, JsonTokenType.StartObject, "row-update2");
        Next(ref reader);
        Expect(ref reader, JsonTokenType.PropertyName, "row-update2");
        RowChangeKind kind = ReadKind(ref reader);
        Next(ref reader);

        IReadOnlyList<ColumnValue> columns = [];
        if (kind == RowChangeKind.Delete)
        {
            reader.Skip();
        }
        else
        {
            columns = ReadColumns(ref reader, table);
        }

        if (Next(ref reader) != JsonTokenType.EndObject)
        {
            throw new OvsdbProtocolException($"row-update2 of {uuid} has more than one member");
        }

        return new RowUpdate(uuid, kind, columns);
    }

    /// <summary>&lt;row-update&gt; of RFC 7047 section 4.1.6: "new" alone or with "old" is the full new row; "old" alone is a delete.</summary>
    private static RowUpdate ReadRowVersion1(ref Utf8JsonReader reader, MonitoredTable table, Guid uuid)
    {
        Expect(ref reader, JsonTokenType.StartObject, "row-update");
        List<ColumnValue>? columns = null;
        bool old = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            bool isNew = reader.ValueTextEquals("new"u8);
            bool isOld = reader.ValueTextEquals("old"u8);
            Next(ref reader);
            if (isNew && reader.TokenType == JsonTokenType.StartObject)
            {
                columns = ReadColumns(ref reader, table);
            }
            else
            {
                old |= isOld;
                reader.Skip();
            }
        }

        return columns is not null
            ? new RowUpdate(uuid, RowChangeKind.Insert, columns)
            : old ? new RowUpdate(uuid, RowChangeKind.Delete, []) : throw new OvsdbProtocolException($"row-update of {uuid} has neither old nor new");
    }

    private static List<ColumnValue> ReadColumns(ref Utf8JsonReader reader, MonitoredTable table)
    {
        Expect(ref reader, JsonTokenType.StartObject, "row");
        var columns = new List<ColumnValue>(table.Columns.Count);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string? column = FindColumn(ref reader, table);
            Next(ref reader);
            if (column is null)
            {
                reader.Skip();
                continue;
            }

            columns.Add(new ColumnValue(column, OvsdbValueReader.ReadValue(ref reader)));
        }

        return columns;
    }

    private static RowChangeKind ReadKind(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("initial"u8) ? RowChangeKind.Initial
        : reader.ValueTextEquals("insert"u8) ? RowChangeKind.Insert
        : reader.ValueTextEquals("modify"u8) ? RowChangeKind.Modify
        : reader.ValueTextEquals("delete"u8) ? RowChangeKind.Delete
        : throw new OvsdbProtocolException($"unknown row change \"{Printable.Of(reader.GetString())}\"");

    private MonitoredTable? FindTable(ref Utf8JsonReader reader)
    {
        foreach (var table in _request.Tables)
        {
            if (reader.ValueTextEquals(table.Name))
            {
                return table;
            }
        }

        return null;
    }

    private static string? FindColumn(ref Utf8JsonReader reader, MonitoredTable table)
    {
        foreach (var column in table.Columns)
        {
            if (reader.ValueTextEquals(column))
            {
                return column;
            }
        }

        return null;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new OvsdbProtocolException($"expected {type} in {what}, got {reader.TokenType}");
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new OvsdbProtocolException("truncated table-updates");
        }

        return reader.TokenType;
    }
}
