using System.Buffers;
using System.Buffers.Text;
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
/// <remarks>
/// Here the rows are found; <see cref="StreamedReplyHeader"/> follows the members around them and
/// <see cref="SnapshotPartWriter"/> gathers them into parts.
/// </remarks>
internal sealed class SnapshotStreamer
{
    public const int RowsPerPart = SnapshotPartWriter.RowsPerPart;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = OvsdbLimits.MaxJsonDepth };

    private readonly MonitorRequest _request;
    private readonly bool _version1;
    private readonly Action<TableUpdatesData> _publish;
    private readonly byte[] _uuid = new byte[36];
    private readonly byte[] _scratch = new byte[64];
    private JsonReaderState _state = new(ReaderOptions);
    private long _consumed;
    private StreamedReplyHeader _header;
    private SnapshotPartWriter _parts;
    private MonitoredTable? _table;
    private long _rowStart = -1;

    /// <param name="request">The monitor request the reply answers.</param>
    /// <param name="version1">Plain "monitor": rows are RFC 7047 old/new pairs.</param>
    /// <param name="publish">Receives each checked part, on the caller's thread.</param>
    public SnapshotStreamer(MonitorRequest request, bool version1, Action<TableUpdatesData> publish)
    {
        _request = request;
        _version1 = version1;
        _publish = publish;
        _parts = new SnapshotPartWriter(request, version1, publish);
    }

    /// <summary>The message's result is a full snapshot and its rows have been (or are being) handed on.</summary>
    public bool Streamed => _header.Streamed;

    /// <summary>The numeric id of the message read so far.</summary>
    public long? Id => _header.Id;

    /// <summary>The message has a non-null error member.</summary>
    public bool HasError => _header.HasError;

    /// <summary>monitor_cond_since: the last transaction id of the reply.</summary>
    public Guid? LastTransaction => _header.LastTransaction;

    /// <summary>Rows handed on, per table.</summary>
    public RowCounts Rows => _parts.Rows;

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
            _parts.Flush();
        }
    }

    /// <summary>Forgets the message, ready for the next one.</summary>
    public void Reset()
    {
        _state = new JsonReaderState(ReaderOptions);
        _consumed = 0;
        _header = default;
        _parts = new SnapshotPartWriter(_request, _version1, _publish);
        _table = null;
        _rowStart = -1;
    }

    private void OnToken(ref Utf8JsonReader reader, long origin, ReadOnlySequence<byte> message)
    {
        int depth = reader.CurrentDepth;
        var token = reader.TokenType;
        if (depth == 1)
        {
            _header.OnMember(ref reader, token);
            return;
        }

        if (!_header.InResult || depth == 0)
        {
            return;
        }

        if (_header.ArrayResult && depth == 2)
        {
            _header.OnResultElement(ref reader, token);
            return;
        }

        int tablesDepth = _header.TablesDepth;
        if (tablesDepth == 0 || depth < tablesDepth)
        {
            return;
        }

        if (depth == tablesDepth)
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
        else if (depth == tablesDepth + 1 && _table is not null)
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
                    _parts.Append(_table, _uuid, message.Slice(_rowStart, end - _rowStart));
                    _rowStart = -1;
                    break;
                default:
                    throw new OvsdbProtocolException($"expected a row-update object in table {_table.Name}, got {token}");
            }
        }
    }

    private MonitoredTable? FindTable(ref Utf8JsonReader reader)
    {
        foreach (var table in _request.Tables)
        {
            if (reader.ValueTextEquals(table.Utf8Name))
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
}
