using System.Buffers;
using System.Text.Json;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Cuts the byte stream of an OVSDB connection into complete JSON-RPC messages.
/// RFC 7047 section 4 sends JSON texts back to back with no delimiter, so the only way to
/// find the end of a message is to tokenize it. The scan resumes where the previous call
/// stopped, so a large snapshot arriving in many reads costs one pass, not one per read.
/// </summary>
internal sealed class JsonMessageFramer
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowMultipleValues = true,
        MaxDepth = OvsdbLimits.MaxJsonDepth,
    };

    private readonly long _maxMessageBytes;
    private JsonReaderState _state = new(ReaderOptions);
    private long _scanned;

    public JsonMessageFramer(long maxMessageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 2);
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>
    /// Looks for one complete JSON value at the start of <paramref name="buffer"/>.
    /// On success the message is returned and <paramref name="buffer"/> is moved past it.
    /// On false, everything in the buffer has been examined and more bytes are needed;
    /// the buffer then starts at the unfinished message (leading whitespace dropped).
    /// </summary>
    /// <exception cref="OvsdbProtocolException">Malformed JSON, nesting too deep, or a message above the size limit.</exception>
    public bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        if (_scanned == 0)
        {
            buffer = SkipWhitespace(buffer);
        }

        var reader = new Utf8JsonReader(buffer.Slice(_scanned), isFinalBlock: false, _state);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && IsValueEnd(reader.TokenType))
                {
                    long length = _scanned + reader.BytesConsumed;
                    CheckSize(length);
                    message = buffer.Slice(0, length);
                    buffer = buffer.Slice(length);
                    Reset();
                    return true;
                }
            }
        }
        catch (JsonException ex)
        {
            Reset();
            throw new OvsdbProtocolException($"malformed JSON from server: {ex.Message}", ex);
        }

        _scanned += reader.BytesConsumed;
        _state = reader.CurrentState;
        CheckSize(buffer.Length);
        message = default;
        return false;
    }

    private static bool IsValueEnd(JsonTokenType token) => token switch
    {
        JsonTokenType.EndObject or JsonTokenType.EndArray => true,
        JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName => false,
        _ => true,
    };

    private void CheckSize(long length)
    {
        if (length > _maxMessageBytes)
        {
            Reset();
            throw new OvsdbProtocolException(
                $"message larger than the limit of {_maxMessageBytes} bytes (at least {length} bytes)");
        }
    }

    private void Reset()
    {
        _state = new JsonReaderState(ReaderOptions);
        _scanned = 0;
    }

    private static ReadOnlySequence<byte> SkipWhitespace(ReadOnlySequence<byte> buffer)
    {
        long skip = 0;
        foreach (var segment in buffer)
        {
            var span = segment.Span;
            int i = 0;
            while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
            }

            skip += i;
            if (i < span.Length)
            {
                break;
            }
        }

        return skip == 0 ? buffer : buffer.Slice(skip);
    }
}
