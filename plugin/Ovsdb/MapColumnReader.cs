using System.Text.Json;
using static ExaHealth.Ovsdb.RowTokens;

namespace ExaHealth.Ovsdb;

/// <summary>Reads a string-to-string map column in place, pair by pair (<see cref="RowColumns.BeginMap"/>, <see cref="RowColumns.NextPair"/>).</summary>
internal static class MapColumnReader
{
    /// <summary>
    /// Starts reading ["map", [[k, v], ...]] (an empty ["set", []] too, as some server paths write
    /// an empty map); false, with the value skipped, when it is something else.
    /// </summary>
    public static bool Begin(scoped ref Utf8JsonReader reader, RowScratch scratch)
    {
        scratch.InMap = false;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        int depth = reader.CurrentDepth;
        Next(ref reader);
        bool map = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("map"u8);
        bool set = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("set"u8);
        if (!map && !set)
        {
            SkipRestOfArray(ref reader, depth);
            return false;
        }

        Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new OvsdbProtocolException("map or set without an element array");
        }

        if (set)
        {
            bool empty = Next(ref reader) == JsonTokenType.EndArray;
            if (!empty)
            {
                reader.Skip();
            }

            SkipRestOfArray(ref reader, depth);
            return empty;
        }

        scratch.InMap = true;
        return true;
    }

    /// <summary>The next string pair of the map begun with <see cref="Begin"/>; pairs of other types are skipped.</summary>
    public static bool NextPair(scoped ref Utf8JsonReader reader, RowScratch scratch, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = value = default;
        while (scratch.InMap)
        {
            if (Next(ref reader) == JsonTokenType.EndArray)
            {
                Next(ref reader);
                scratch.InMap = false;
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new OvsdbProtocolException("map pair is not a [key, value] array");
            }

            Next(ref reader);
            bool keyIsString = StringOrSkip(ref reader, scratch.First, out key);
            Next(ref reader);
            bool valueIsString = StringOrSkip(ref reader, scratch.Second, out value);
            if (Next(ref reader) != JsonTokenType.EndArray)
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
}
