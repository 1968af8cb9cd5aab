using System.Buffers.Text;
using System.Text.Json;
using System.Text.Unicode;
using ExaHealth.Text;
using static ExaHealth.Ovsdb.RowTokens;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Checks that a column value is RFC 7047 section 5.1 notation, as <see cref="OvsdbValueReader.ReadValue"/>
/// would, without building it: once a message has passed, the typed readers meet only valid
/// notation and report anything unexpected as "wrong type".
/// </summary>
internal static class NotationValidator
{
    /// <exception cref="OvsdbProtocolException">The value is not notation.</exception>
    public static void Validate(scoped ref Utf8JsonReader reader, ScratchBuffer scratch)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            ValidateAtom(ref reader, scratch);
            return;
        }

        Next(ref reader);
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new OvsdbProtocolException("array value without a notation tag");
        }

        if (reader.ValueTextEquals("set"u8))
        {
            ExpectElementArray(ref reader);
            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                ValidateAtom(ref reader, scratch);
            }

            ExpectEndArray(ref reader);
        }
        else if (reader.ValueTextEquals("map"u8))
        {
            ExpectElementArray(ref reader);
            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new OvsdbProtocolException("map pair is not a [key, value] array");
                }

                Next(ref reader);
                ValidateAtom(ref reader, scratch);
                Next(ref reader);
                ValidateAtom(ref reader, scratch);
                ExpectEndArray(ref reader);
            }

            ExpectEndArray(ref reader);
        }
        else if (reader.ValueTextEquals("uuid"u8))
        {
            ValidateUuidBody(ref reader, scratch);
        }
        else
        {
            throw new OvsdbProtocolException($"unknown value notation [\"{Printable.Of(reader.GetString())}\", ...]");
        }
    }

    private static void ValidateAtom(scoped ref Utf8JsonReader reader, ScratchBuffer scratch)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // Readers decode strings later: one that does not decode is refused now, with its message.
                if (!Utf8.IsValid(Unescaped(ref reader, scratch)))
                {
                    throw new OvsdbProtocolException("string is not valid UTF-8");
                }

                return;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return;
            case JsonTokenType.StartArray:
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("uuid"u8))
                {
                    // A named-uuid only appears in requests; a server never sends one.
                    throw new OvsdbProtocolException("expected an atom, got an array that is not [\"uuid\", ...]");
                }

                ValidateUuidBody(ref reader, scratch);
                return;
            default:
                throw new OvsdbProtocolException($"expected an atom, got {reader.TokenType}");
        }
    }

    private static void ValidateUuidBody(scoped ref Utf8JsonReader reader, ScratchBuffer scratch)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.String
            || !Utf8Parser.TryParse(Unescaped(ref reader, scratch), out Guid _, out int consumed, 'D')
            || consumed != 36)
        {
            throw new OvsdbProtocolException("invalid [\"uuid\", ...] value");
        }

        ExpectEndArray(ref reader);
    }

    private static void ExpectElementArray(scoped ref Utf8JsonReader reader)
    {
        if (Next(ref reader) != JsonTokenType.StartArray)
        {
            throw new OvsdbProtocolException("set or map without an element array");
        }
    }

    private static void ExpectEndArray(scoped ref Utf8JsonReader reader)
    {
        if (Next(ref reader) != JsonTokenType.EndArray)
        {
            throw new OvsdbProtocolException("array value with extra elements");
        }
    }
}
