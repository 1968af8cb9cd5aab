using System.Buffers.Text;
using System.Text.Json;
using ExaHealth.Text;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Reads &lt;table-updates2&gt; (ovsdb-server(7): "update2"/"update3", the monitor_cond and
/// monitor_cond_since replies), <c>{table: {uuid: {"initial"|"insert"|"modify": row} | {"delete": null}}}</c>,
/// and RFC 7047 &lt;table-updates&gt; ("update", the monitor reply), <c>{table: {uuid: {"old": row, "new": row}}}</c>,
/// whose "new" holds every column and is therefore passed on as a full replacement
/// (<see cref="RowChangeKind.Insert"/>). Rows go to the sink as they are read; tables and columns
/// the monitor did not ask for are skipped.
/// </summary>
internal static class TableUpdatesReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = OvsdbLimits.MaxJsonDepth };

    public static void Read(TableUpdatesData data, ITableUpdateSink sink)
    {
        var reader = new Utf8JsonReader(data.Json.Span, Options);
        try
        {
            Next(ref reader);
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }

        Read(ref reader, data.Request, data.Version1, sink);
    }

    /// <summary>Reads the value whose first token <paramref name="reader"/> is on, leaving the reader on its last token.</summary>
    public static void Read(ref Utf8JsonReader reader, MonitorRequest request, bool version1, ITableUpdateSink sink)
    {
        var scratch = new RowScratch();
        try
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            Expect(ref reader, JsonTokenType.StartObject, "table-updates");
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                MonitoredTable? table = FindTable(ref reader, request);
                Next(ref reader);
                if (table is null)
                {
                    reader.Skip();
                    continue;
                }

                Expect(ref reader, JsonTokenType.StartObject, "table-update");
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    if (!TryReadUuid(ref reader, out Guid uuid))
                    {
                        throw new OvsdbProtocolException($"row key is not a uuid in table {table.Name}");
                    }

                    Next(ref reader);
                    if (version1)
                    {
                        ReadRowVersion1(ref reader, table, uuid, scratch, sink);
                    }
                    else
                    {
                        ReadRow(ref reader, table, uuid, scratch, sink);
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }
        catch (InvalidOperationException ex)
        {
            // Text that does not decode: an escaped lone surrogate in a name or a uuid, or invalid UTF-8.
            throw Malformed(ex);
        }
    }

    private static OvsdbProtocolException Malformed(Exception ex) => new($"malformed table-updates: {ex.Message}", ex);

    private static void ReadRow(ref Utf8JsonReader reader, MonitoredTable table, Guid uuid, RowScratch scratch, ITableUpdateSink sink)
    {
        Expect(ref reader, JsonTokenType.StartObject, "row-update2");
        Next(ref reader);
        Expect(ref reader, JsonTokenType.PropertyName, "row-update2");
        RowChangeKind kind = ReadKind(ref reader);
        Next(ref reader);
        if (kind == RowChangeKind.Delete)
        {
            reader.Skip();
            var none = new RowColumns(reader, table, scratch, empty: true);
            sink.OnRow(table, uuid, kind, ref none);
        }
        else
        {
            Expect(ref reader, JsonTokenType.StartObject, "row");
            var columns = new RowColumns(reader, table, scratch, empty: false);
            sink.OnRow(table, uuid, kind, ref columns);
            while (columns.MoveNext())
            {
                // The sink did not read every column: skip the rest of the row.
            }

            reader = columns.Reader;
        }

        if (Next(ref reader) != JsonTokenType.EndObject)
        {
            throw new OvsdbProtocolException($"row-update2 of {uuid} has more than one member");
        }
    }

    /// <summary>&lt;row-update&gt; of RFC 7047 section 4.1.6: "new" alone or with "old" is the full new row; "old" alone is a delete.</summary>
    private static void ReadRowVersion1(ref Utf8JsonReader reader, MonitoredTable table, Guid uuid, RowScratch scratch, ITableUpdateSink sink)
    {
        Expect(ref reader, JsonTokenType.StartObject, "row-update");
        bool delivered = false, old = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            bool isNew = reader.ValueTextEquals("new"u8);
            old |= reader.ValueTextEquals("old"u8);
            Next(ref reader);
            if (isNew && reader.TokenType == JsonTokenType.StartObject)
            {
                var columns = new RowColumns(reader, table, scratch, empty: false);
                sink.OnRow(table, uuid, RowChangeKind.Insert, ref columns);
                while (columns.MoveNext())
                {
                }

                reader = columns.Reader;
                delivered = true;
            }
            else
            {
                reader.Skip();
            }
        }

        if (!delivered)
        {
            if (!old)
            {
                throw new OvsdbProtocolException($"row-update of {uuid} has neither old nor new");
            }

            var none = new RowColumns(reader, table, scratch, empty: true);
            sink.OnRow(table, uuid, RowChangeKind.Delete, ref none);
        }
    }

    private static bool TryReadUuid(ref Utf8JsonReader reader, out Guid uuid)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Utf8Parser.TryParse(reader.ValueSpan, out uuid, out int consumed, 'D') && consumed == reader.ValueSpan.Length;
        }

        return Guid.TryParseExact(reader.GetString(), "D", out uuid);
    }

    private static RowChangeKind ReadKind(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("initial"u8) ? RowChangeKind.Initial
        : reader.ValueTextEquals("insert"u8) ? RowChangeKind.Insert
        : reader.ValueTextEquals("modify"u8) ? RowChangeKind.Modify
        : reader.ValueTextEquals("delete"u8) ? RowChangeKind.Delete
        : throw new OvsdbProtocolException($"unknown row change \"{Printable.Of(reader.GetString())}\"");

    private static MonitoredTable? FindTable(ref Utf8JsonReader reader, MonitorRequest request)
    {
        foreach (var table in request.Tables)
        {
            if (reader.ValueTextEquals(table.Utf8Name))
            {
                return table;
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
