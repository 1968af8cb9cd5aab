using System.Buffers.Text;
using System.Text.Json;
using System.Text.Unicode;
using ExaHealth.Text;

namespace ExaHealth.Ovsdb;

/// <summary>
/// The columns of one row, read in place from the JSON reader (RFC 7047 section 5.1 notation).
/// <see cref="MoveNext"/> moves to the next monitored column, skipping whatever the current one left
/// unread; typed readers take the value as UTF-8 spans or numbers without allocating, or as a
/// generic <see cref="OvsdbValue"/>. A value of an unexpected type reads as "wrong type" (the
/// consumer skips the row with a warning), never as an exception, unless the JSON is not OVSDB notation.
/// </summary>
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

        while (Next() == JsonTokenType.PropertyName)
        {
            string? column = Find();
            Next();
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
        utf8 = default;
        if (_reader.TokenType == JsonTokenType.String)
        {
            _pending = false;
            utf8 = Text(ref _reader, _scratch.First);
            return ValueShape.Present;
        }

        return ReadOptional(JsonTokenType.String, out utf8);
    }

    /// <summary>An integer column or an optional integer.</summary>
    public ValueShape ReadInteger(out long value)
    {
        value = 0;
        if (_reader.TokenType == JsonTokenType.Number)
        {
            _pending = false;
            return _reader.TryGetInt64(out value) ? ValueShape.Present : ValueShape.WrongType;
        }

        var shape = ReadOptional(JsonTokenType.Number, out _);
        if (shape == ValueShape.Present)
        {
            value = _scratch.Number;
        }

        return shape;
    }

    /// <summary>
    /// Starts reading a string-to-string map: ["map", [[k, v], ...]] (an empty ["set", []] too, as
    /// some server paths write an empty map); false, with the value skipped, when it is something else.
    /// </summary>
    public bool BeginMap()
    {
        _pending = false;
        _scratch.InMap = false;
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            _reader.Skip();
            return false;
        }

        int depth = _reader.CurrentDepth;
        Next();
        bool map = _reader.TokenType == JsonTokenType.String && _reader.ValueTextEquals("map"u8);
        bool set = _reader.TokenType == JsonTokenType.String && _reader.ValueTextEquals("set"u8);
        if (!map && !set)
        {
            SkipRestOfArray(depth);
            return false;
        }

        Next();
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw new OvsdbProtocolException("map or set without an element array");
        }

        if (set)
        {
            bool empty = Next() == JsonTokenType.EndArray;
            if (!empty)
            {
                _reader.Skip();
            }

            SkipRestOfArray(depth);
            return empty;
        }

        _scratch.InMap = true;
        return true;
    }

    /// <summary>
    /// Checks that the current column is RFC 7047 section 5.1 notation, as <see cref="ReadValue"/>
    /// would, without building it: once a message has passed, the typed readers meet only valid
    /// notation and report anything unexpected as "wrong type".
    /// </summary>
    public void Validate()
    {
        _pending = false;
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            ValidateAtom();
            return;
        }

        Next();
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw new OvsdbProtocolException("array value without a notation tag");
        }

        if (_reader.ValueTextEquals("set"u8))
        {
            ExpectElementArray();
            while (Next() != JsonTokenType.EndArray)
            {
                ValidateAtom();
            }

            ExpectEndArray();
        }
        else if (_reader.ValueTextEquals("map"u8))
        {
            ExpectElementArray();
            while (Next() != JsonTokenType.EndArray)
            {
                if (_reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new OvsdbProtocolException("map pair is not a [key, value] array");
                }

                Next();
                ValidateAtom();
                Next();
                ValidateAtom();
                ExpectEndArray();
            }

            ExpectEndArray();
        }
        else if (_reader.ValueTextEquals("uuid"u8))
        {
            ValidateUuidBody();
        }
        else
        {
            throw new OvsdbProtocolException($"unknown value notation [\"{Printable.Of(_reader.GetString())}\", ...]");
        }
    }

    /// <summary>The next string pair of the map begun with <see cref="BeginMap"/>; pairs of other types are skipped.</summary>
    public bool NextPair(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = value = default;
        while (_scratch.InMap)
        {
            if (Next() == JsonTokenType.EndArray)
            {
                Next();
                _scratch.InMap = false;
                return false;
            }

            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw new OvsdbProtocolException("map pair is not a [key, value] array");
            }

            Next();
            bool keyIsString = _reader.TokenType == JsonTokenType.String;
            if (keyIsString)
            {
                key = Text(ref _reader, _scratch.First);
            }
            else
            {
                OvsdbValueReader.ReadAtom(ref _reader);
            }

            Next();
            bool valueIsString = _reader.TokenType == JsonTokenType.String;
            if (valueIsString)
            {
                value = Text(ref _reader, _scratch.Second);
            }
            else
            {
                OvsdbValueReader.ReadAtom(ref _reader);
            }

            if (Next() != JsonTokenType.EndArray)
            {
                throw new OvsdbProtocolException("map pair with extra elements");
            }

            if (keyIsString && valueIsString)
            {
                return true;
            }
        }

        return false;
    }

    private ValueShape ReadOptional(JsonTokenType atom, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        _pending = false;
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            _reader.Skip();
            return ValueShape.WrongType;
        }

        int depth = _reader.CurrentDepth;
        Next();
        if (_reader.TokenType != JsonTokenType.String || !_reader.ValueTextEquals("set"u8))
        {
            // ["uuid", ...] or ["map", ...]: not what the column should hold.
            SkipRestOfArray(depth);

            return ValueShape.WrongType;
        }

        Next();
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw new OvsdbProtocolException("[\"set\", ...] without an element array");
        }

        var shape = ValueShape.Empty;
        int count = 0;
        while (Next() != JsonTokenType.EndArray)
        {
            count++;
            if (count == 1 && _reader.TokenType == atom)
            {
                if (atom == JsonTokenType.String)
                {
                    utf8 = Text(ref _reader, _scratch.First);
                }
                else if (_reader.TryGetInt64(out long number))
                {
                    _scratch.Number = number;
                }

                shape = ValueShape.Present;
            }
            else
            {
                OvsdbValueReader.ReadAtom(ref _reader);
                shape = ValueShape.WrongType;
            }
        }

        if (Next() != JsonTokenType.EndArray)
        {
            throw new OvsdbProtocolException("array value with extra elements");
        }

        return count > 1 ? ValueShape.WrongType : shape;
    }

    private void ValidateAtom()
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.String:
                // Readers decode strings later: one that does not decode is refused now, with its message.
                if (!Utf8.IsValid(Text(ref _reader, _scratch.First)))
                {
                    throw new OvsdbProtocolException("string is not valid UTF-8");
                }

                return;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return;
            case JsonTokenType.StartArray:
                Next();
                if (_reader.TokenType != JsonTokenType.String || !_reader.ValueTextEquals("uuid"u8))
                {
                    // A named-uuid only appears in requests; a server never sends one.
                    throw new OvsdbProtocolException("expected an atom, got an array that is not [\"uuid\", ...]");
                }

                ValidateUuidBody();
                return;
            default:
                throw new OvsdbProtocolException($"expected an atom, got {_reader.TokenType}");
        }
    }

    private void ValidateUuidBody()
    {
        Next();
        if (_reader.TokenType != JsonTokenType.String
            || !Utf8Parser.TryParse(Text(ref _reader, _scratch.First), out Guid _, out int consumed, 'D')
            || consumed != 36)
        {
            throw new OvsdbProtocolException("invalid [\"uuid\", ...] value");
        }

        ExpectEndArray();
    }

    private void ExpectElementArray()
    {
        if (Next() != JsonTokenType.StartArray)
        {
            throw new OvsdbProtocolException("set or map without an element array");
        }
    }

    private void ExpectEndArray()
    {
        if (Next() != JsonTokenType.EndArray)
        {
            throw new OvsdbProtocolException("array value with extra elements");
        }
    }

    /// <summary>From inside an array that began at <paramref name="depth"/>, moves to its end.</summary>
    private void SkipRestOfArray(int depth)
    {
        while (_reader.TokenType != JsonTokenType.EndArray || _reader.CurrentDepth != depth)
        {
            _reader.Skip();
            Next();
        }
    }

    private string? Find()
    {
        foreach (var column in _table.Columns)
        {
            if (_reader.ValueTextEquals(column))
            {
                return column;
            }
        }

        return null;
    }

    private JsonTokenType Next()
    {
        if (!_reader.Read())
        {
            throw new OvsdbProtocolException("truncated row");
        }

        return _reader.TokenType;
    }

    /// <summary>The string token's UTF-8 bytes, unescaped into <paramref name="buffer"/> when it has escapes.</summary>
    private static ReadOnlySpan<byte> Text(scoped ref Utf8JsonReader reader, ScratchBuffer buffer)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan;
        }

        int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var span = buffer.Get(length);
        int written = reader.CopyString(span);
        return span[..written];
    }
}
