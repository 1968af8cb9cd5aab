using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Reads the monitor reply while it is still arriving and hands its rows on in checked parts of
/// <see cref="RowsPerPart"/>, so that the consumer builds its replica while the server is still
/// sending: at 50,000 rows the reply takes most of a second to arrive, and building the replica
/// only afterwards would add a third as much again. Only a full snapshot is streamed (the
/// monitor_cond and monitor replies, and monitor_cond_since when the server did not find our
/// last transaction); the missed changes of a resumed monitor go the ordinary way. JSON-RPC
/// members can come in any order, so whether the message really is the monitor reply is known
/// only at its end (<see cref="Id"/>, <see cref="HasError"/>); the session refuses it then.
/// </summary>
internal sealed class SnapshotStreamer
{
    public const int RowsPerPart = 4096;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = OvsdbLimits.MaxJsonDepth };

    private readonly MonitorRequest _request;
    private readonly bool _version1;
    private readonly Action<TableUpdatesData> _publish;
    private readonly byte[] _uuid = new byte[36];
    private readonly byte[] _scratch = new byte[64];
    private JsonReaderState _state = new(ReaderOptions);
    private long _consumed;
    private Member _member;
    private bool _arrayResult;
    private int _element;
    private bool? _found;
    private int _tablesDepth;
    private MonitoredTable? _table;
    private long _rowStart = -1;
    private ArrayBufferWriter<byte>? _output;
    private MonitoredTable? _partTable;
    private int _partRows;

    /// <param name="request">The monitor request the reply answers.</param>
    /// <param name="version1">Plain "monitor": rows are RFC 7047 old/new pairs.</param>
    /// <param name="publish">Receives each checked part, on the caller's thread.</param>
    public SnapshotStreamer(MonitorRequest request, bool version1, Action<TableUpdatesData> publish)
    {
        _request = request;
        _version1 = version1;
        _publish = publish;
        Rows = new RowCounts(request);
    }

    private enum Member
    {
        Other,
        Id,
        Result,
        Error,
    }

    /// <summary>The message's result is a full snapshot and its rows have been (or are being) handed on.</summary>
    public bool Streamed { get; private set; }

    /// <summary>The numeric id of the message read so far.</summary>
    public long? Id { get; private set; }

    /// <summary>The message has a non-null error member.</summary>
    public bool HasError { get; private set; }

    /// <summary>monitor_cond_since: the last transaction id of the reply.</summary>
    public Guid? LastTransaction { get; private set; }

    /// <summary>Rows handed on, per table.</summary>
    public RowCounts Rows { get; private set; }

    /// <summary>
    /// Reads <paramref name="message"/> (the message from its first byte; everything received so far,
    /// or all of it when <paramref name="final"/>) from where the last call stopped.
    /// </summary>
    /// <exception cref="OvsdbProtocolException">The snapshot is not table-updates notation.</exception>
    public void Feed(ReadOnlySequence<byte> message, bool final)
    {
        long origin = _consumed;
        var reader = new Utf8JsonReader(message.Slice(origin), final, _state);
        try
        {
            while (reader.Read())
            {
                OnToken(ref reader, origin, message);
            }
        }
        catch (JsonException ex)
        {
            throw new OvsdbProtocolException($"malformed monitor reply: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Text that does not decode: an escaped lone surrogate in a member name or a uuid, or invalid UTF-8.
            throw new OvsdbProtocolException($"malformed monitor reply: {ex.Message}", ex);
        }

        _consumed = origin + reader.BytesConsumed;
        _state = reader.CurrentState;
        if (final)
        {
            Flush();
        }
    }

    /// <summary>Forgets the message, ready for the next one.</summary>
    public void Reset()
    {
        _state = new JsonReaderState(ReaderOptions);
        _consumed = 0;
        _member = Member.Other;
        _arrayResult = false;
        _element = 0;
        _found = null;
        _tablesDepth = 0;
        _table = null;
        _rowStart = -1;
        _output = null;
        _partTable = null;
        _partRows = 0;
        Streamed = false;
        Id = null;
        HasError = false;
        LastTransaction = null;
        Rows = new RowCounts(_request);
    }

    private void OnToken(ref Utf8JsonReader reader, long origin, ReadOnlySequence<byte> message)
    {
        int depth = reader.CurrentDepth;
        var token = reader.TokenType;
        if (depth == 1)
        {
            OnMember(ref reader, token);
            return;
        }

        if (_member != Member.Result || depth == 0)
        {
            return;
        }

        if (_arrayResult && depth == 2)
        {
            OnResultElement(ref reader, token);
            return;
        }

        if (_tablesDepth == 0 || depth < _tablesDepth)
        {
            return;
        }

        int rowDepth = _tablesDepth + 1;
        if (depth == _tablesDepth)
        {
            if (token == JsonTokenType.PropertyName)
            {
                _table = FindTable(ref reader);
            }
            else if (token != JsonTokenType.StartObject && token != JsonTokenType.EndObject)
            {
                throw new OvsdbProtocolException($"expected a table-update object, got {token}");
            }
        }
        else if (depth == rowDepth && _table is not null)
        {
            switch (token)
            {
                case JsonTokenType.PropertyName:
                    ReadUuid(ref reader);
                    break;
                case JsonTokenType.StartObject:
                    _rowStart = origin + reader.TokenStartIndex;
                    break;
                case JsonTokenType.EndObject:
                    long end = origin + reader.BytesConsumed;
                    Append(message.Slice(_rowStart, end - _rowStart));
                    _rowStart = -1;
                    break;
                default:
                    throw new OvsdbProtocolException($"expected a row-update object in table {_table.Name}, got {token}");
            }
        }
    }

    private void OnMember(ref Utf8JsonReader reader, JsonTokenType token)
    {
        switch (token)
        {
            case JsonTokenType.PropertyName:
                _member = reader.ValueTextEquals("id"u8) ? Member.Id
                    : reader.ValueTextEquals("result"u8) ? Member.Result
                    : reader.ValueTextEquals("error"u8) ? Member.Error
                    : Member.Other;
                return;
            case JsonTokenType.Number when _member == Member.Id && reader.TryGetInt64(out long id):
                Id = id;
                return;
            case JsonTokenType.StartObject when _member == Member.Result:
                // monitor_cond or monitor: every row of the result is an initial row.
                _tablesDepth = 2;
                Streamed = true;
                return;
            case JsonTokenType.StartArray when _member == Member.Result:
                _arrayResult = true;
                return;
            case JsonTokenType.EndObject or JsonTokenType.EndArray when _member == Member.Result:
                _tablesDepth = 0;
                return;
        }

        if (_member == Member.Error && token != JsonTokenType.Null && token != JsonTokenType.EndObject && token != JsonTokenType.EndArray)
        {
            HasError = true;
        }
    }

    /// <summary>monitor_cond_since: [found, last-txn-id, table-updates2]; streamed only when not found.</summary>
    private void OnResultElement(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            _tablesDepth = 0;
            return;
        }

        int element = _element++;
        if (element == 0)
        {
            _found = token switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
        }
        else if (element == 1 && token == JsonTokenType.String)
        {
            LastTransaction = Guid.TryParseExact(reader.GetString(), "D", out var id) && id != Guid.Empty ? id : null;
        }
        else if (element == 2 && token == JsonTokenType.StartObject && _found == false)
        {
            _tablesDepth = 3;
            Streamed = true;
        }
    }

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

    private void ReadUuid(ref Utf8JsonReader reader)
    {
        long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > 64
            || reader.CopyString(_scratch) != _uuid.Length
            || !Utf8Parser.TryParse(_scratch.AsSpan(0, _uuid.Length), out Guid _, out int consumed, 'D')
            || consumed != _uuid.Length)
        {
            throw new OvsdbProtocolException($"row key is not a uuid in table {_table!.Name}");
        }

        _scratch.AsSpan(0, _uuid.Length).CopyTo(_uuid);
    }

    private void Append(ReadOnlySequence<byte> row)
    {
        // Written by hand: table names are our own, the key was checked to be a uuid, and the row is
        // copied as received, to be checked with the whole part.
        _output ??= new ArrayBufferWriter<byte>(256 * 1024);
        if (!ReferenceEquals(_partTable, _table))
        {
            Write(_partTable is null ? "{\""u8 : "},\""u8);
            Write(Encoding.UTF8.GetBytes(_table!.Name));
            Write("\":{\""u8);
            _partTable = _table;
        }
        else
        {
            Write(",\""u8);
        }

        Write(_uuid);
        Write("\":"u8);
        foreach (var segment in row)
        {
            Write(segment.Span);
        }

        if (++_partRows >= RowsPerPart)
        {
            Flush();
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output!.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    private void Flush()
    {
        if (_output is null)
        {
            return;
        }

        Write("}}"u8);
        var part = new TableUpdatesData(_request, _output.WrittenMemory, _version1).Check();
        Rows.Add(part.Rows!);
        _output = null;
        _partTable = null;
        _partRows = 0;
        _publish(part);
    }
}
