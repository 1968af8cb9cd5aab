using System.Text.Json;
using static ExaHealth.Ovsdb.RowTokens;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Reads a string or integer column, or an optional one (RFC 7047 section 5.1: a bare atom,
/// ["set",[]] or ["set",[atom]]), in place and without allocating. Anything else reads as
/// <see cref="ValueShape.WrongType"/>, skipped.
/// </summary>
internal static class TypedColumnReader
{
    /// <summary><paramref name="utf8"/> is valid until the next read with the same scratch.</summary>
    public static ValueShape ReadString(scoped ref Utf8JsonReader reader, RowScratch scratch, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (reader.TokenType == JsonTokenType.String)
        {
            utf8 = Unescaped(ref reader, scratch.First);
            return ValueShape.Present;
        }

        return ReadOptional(ref reader, scratch, JsonTokenType.String, out utf8);
    }

    public static ValueShape ReadInteger(scoped ref Utf8JsonReader reader, RowScratch scratch, out long value)
    {
        value = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out value) ? ValueShape.Present : ValueShape.WrongType;
        }

        var shape = ReadOptional(ref reader, scratch, JsonTokenType.Number, out _);
        if (shape == ValueShape.Present)
        {
            value = scratch.Number;
        }

        return shape;
    }

    private static ValueShape ReadOptional(scoped ref Utf8JsonReader reader, RowScratch scratch, JsonTokenType atom, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return ValueShape.WrongType;
        }

        int depth = reader.CurrentDepth;
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("set"u8))
        {
            // ["uuid", ...] or ["map", ...]: not what the column should hold.
            SkipRestOfArray(ref reader, depth);

            return ValueShape.WrongType;
        }

        Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new OvsdbProtocolException("[\"set\", ...] without an element array");
        }

        var shape = ValueShape.Empty;
        int count = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            count++;
            if (count == 1 && reader.TokenType == atom)
            {
                if (atom == JsonTokenType.String)
                {
                    utf8 = Unescaped(ref reader, scratch.First);
                }
                else if (reader.TryGetInt64(out long number))
                {
                    scratch.Number = number;
                }

                shape = ValueShape.Present;
            }
            else
            {
                OvsdbValueReader.ReadAtom(ref reader);
                shape = ValueShape.WrongType;
            }
        }

        if (Next(ref reader) != JsonTokenType.EndArray)
        {
            throw new OvsdbProtocolException("array value with extra elements");
        }

        return count > 1 ? ValueShape.WrongType : shape;
    }
}
