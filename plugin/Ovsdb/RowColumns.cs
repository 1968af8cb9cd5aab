using System.Text.Json;

namespace ExaHealth.Ovsdb;

/// <summary>
/// The columns of one row, read in place from the JSON reader (RFC 7047 section 5.1 notation).
/// <see cref="MoveNext"/> moves to the next monitored column, skipping whatever the current one left
/// unread; typed readers take the value as UTF-8 spans or numbers without allocating, or as a
/// generic <see cref="OvsdbValue"/>. A value of an unexpected type reads as "wrong type" (the
/// consumer skips the row with a warning), never as an exception, unless the JSON is not OVSDB notation.
/// </summary>
/// <remarks>
/// The cursor is here; the readers are <see cref="TypedColumnReader"/>, <see cref="MapColumnReader"/>
/// and <see cref="NotationValidator"/>, each reading the current column's value to its end.
/// </remarks>
internal ref struct RowColumns
{
    private readonly MonitoredTable _table;
    private readonly RowScratch _scratch;
    private Utf8JsonReader _reader;
    private bool _pending;
    private bool _done;

    /// <summary>Starts on the row object's first token; <see cref="Reader"/> gives the reader back after the row.</summary>
    internal RowColumns(Utf8JsonReader reader, MonitoredTable table, RowScratch scratch, bool empty)
    {
        _reader = reader;
        _table = table;
        _scratch = scratch;
        _done = empty;
        Column = string.Empty;
    }

    /// <summary>The reader, where the row left it.</summary>
    internal readonly Utf8JsonReader Reader => _reader;

    /// <summary>The monitored column the reader is on (the instance from the monitor request).</summary>
    public string Column { get; private set; }

    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        if (_pending)
        {
            _reader.Skip();
            _pending = false;
        }

        while (RowTokens.Next(ref _reader) == JsonTokenType.PropertyName)
        {
            string? column = Find();
            RowTokens.Next(ref _reader);
            if (column is null)
            {
                _reader.Skip();
                continue;
            }

            Column = column;
            _pending = true;
            return true;
        }

        _done = true;
        return false;
    }

    /// <summary>Reads the current column generically.</summary>
    public OvsdbValue ReadValue()
    {
        _pending = false;
        return OvsdbValueReader.ReadValue(ref _reader);
    }

    /// <summary>
    /// A string column or an optional string (a bare string, ["set",[]] or ["set",["x"]]).
    /// <paramref name="utf8"/> is valid until the next read.
    /// </summary>
    public ValueShape ReadString(out ReadOnlySpan<byte> utf8)
    {
        _pending = false;
        return TypedColumnReader.ReadString(ref _reader, _scratch, out utf8);
    }

    /// <summary>An integer column or an optional integer.</summary>
    public ValueShape ReadInteger(out long value)
    {
        _pending = false;
        return TypedColumnReader.ReadInteger(ref _reader, _scratch, out value);
    }

    /// <summary>
    /// Starts reading a string-to-string map: ["map", [[k, v], ...]] (an empty ["set", []] too, as
    /// some server paths write an empty map); false, with the value skipped, when it is something else.
    /// </summary>
    public bool BeginMap()
    {
        _pending = false;
        return MapColumnReader.Begin(ref _reader, _scratch);
    }

    /// <summary>The next string pair of the map begun with <see cref="BeginMap"/>; pairs of other types are skipped.</summary>
    public bool NextPair(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value) =>
        MapColumnReader.NextPair(ref _reader, _scratch, out key, out value);

    /// <summary>Checks that the current column is notation (<see cref="NotationValidator"/>) without building it.</summary>
    public void Validate()
    {
        _pending = false;
        NotationValidator.Validate(ref _reader, _scratch.First);
    }

    private readonly string? Find()
    {
        var names = _table.Utf8Columns;
        for (int i = 0; i < names.Length; i++)
        {
            if (_reader.ValueTextEquals(names[i]))
            {
                return _table.Columns[i];
            }
        }

        return null;
    }
}
