using System.Buffers;
using System.Text.Json;

namespace ExaHealth.Ovsdb;

/// <summary>
/// The table-updates object of one message, copied out of the receive buffer so that its consumer
/// reads it on its own thread, once, straight into its replica (<see cref="ReadInto"/>).
/// <see cref="Version1"/>: RFC 7047 "update" rows (old/new) instead of update2 rows.
/// </summary>
internal sealed class TableUpdatesData
{
    public TableUpdatesData(MonitorRequest request, ReadOnlyMemory<byte> json, bool version1 = false)
    {
        Request = request;
        Json = json;
        Version1 = version1;
    }

    public MonitorRequest Request { get; }

    public ReadOnlyMemory<byte> Json { get; }

    public bool Version1 { get; }

    public int Bytes => Json.Length;

    /// <summary>Rows per table, once <see cref="Check"/> has run.</summary>
    public RowCounts? Rows { get; private set; }

    /// <summary>Checks the notation of every monitored column and counts the rows.</summary>
    /// <exception cref="OvsdbProtocolException">The JSON is not table-updates notation.</exception>
    public TableUpdatesData Check()
    {
        var rows = new RowCounts(Request);
        ReadInto(new TableUpdatesValidator(rows));
        Rows = rows;
        return this;
    }

    /// <summary>
    /// Takes the value whose first token the reader is on (leaving the reader on its last token)
    /// and checks its notation, so that consumers never meet a malformed row. A single-segment
    /// source is kept, not copied: it must be a private buffer, as the session's messages are.
    /// </summary>
    /// <exception cref="OvsdbProtocolException">The JSON is not table-updates notation.</exception>
    public static TableUpdatesData Take(MonitorRequest request, ReadOnlySequence<byte> source, ref Utf8JsonReader reader, bool version1)
    {
        long start = reader.TokenStartIndex;
        RowCounts? rows = null;
        if (reader.TokenType == JsonTokenType.StartObject && source.IsSingleSegment)
        {
            // The check is what finds the end of the value: one pass over the updates, not a skip and then a check.
            rows = new RowCounts(request);
            TableUpdatesReader.Read(ref reader, request, version1, new TableUpdatesValidator(rows));
        }
        else
        {
            // Null, not table-updates at all, or in pieces (strings and keys that span them read differently):
            // checked afterwards, on its own and in one piece, for the same answer whatever the pieces.
            reader.Skip();
        }

        long end = reader.BytesConsumed;
        var slice = source.Slice(start, end - start);
        var data = new TableUpdatesData(request, slice.IsSingleSegment ? slice.First : slice.ToArray(), version1);
        if (rows is null)
        {
            return data.Check();
        }

        data.Rows = rows;
        return data;
    }

    /// <exception cref="OvsdbProtocolException">The JSON is not table-updates notation.</exception>
    public void ReadInto(ITableUpdateSink sink) => TableUpdatesReader.Read(this, sink);

    /// <summary>Every row as generic values (for small databases and tests; the replicas use <see cref="ReadInto"/>).</summary>
    public IReadOnlyList<TableUpdate> Decode()
    {
        var collector = new TableUpdateCollector();
        ReadInto(collector);
        return collector.Tables;
    }
}
