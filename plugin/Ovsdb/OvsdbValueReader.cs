using System.Collections.Immutable;
using System.Text.Json;
using ExaHealth.Text;

namespace ExaHealth.Ovsdb;

/// <summary>Decodes RFC 7047 section 5.1 notation (&lt;value&gt;, &lt;set&gt;, &lt;map&gt;, &lt;atom&gt;) from a JSON reader.</summary>
internal static class OvsdbValueReader
{
    /// <summary>Reads the value whose first token is the reader's current token; leaves the reader on its last token.</summary>
    public static OvsdbValue ReadValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return OvsdbValue.FromAtom(ReadAtom(ref reader));
        }

        string tag = ReadTag(ref reader);
        switch (tag)
        {
            case "set":
                return OvsdbValue.FromSet(ReadSetElements(ref reader));
            case "map":
                return OvsdbValue.FromMap(ReadMapPairs(ref reader));
            case "uuid":
            case "named-uuid":
                return OvsdbValue.FromAtom(ReadUuidBody(ref reader, tag));
            default:
                throw new OvsdbProtocolException($"unknown value notation [\"{Printable.Of(tag)}\", ...]");
        }
    }

    /// <summary>Reads one &lt;atom&gt; starting at the current token.</summary>
    public static OvsdbAtom ReadAtom(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return OvsdbAtom.FromString(reader.GetString()!);
            case JsonTokenType.Number:
                return reader.TryGetInt64(out long integer)
                    ? OvsdbAtom.FromInteger(integer)
                    : OvsdbAtom.FromReal(reader.GetDouble());
            case JsonTokenType.True:
                return OvsdbAtom.FromBoolean(true);
            case JsonTokenType.False:
                return OvsdbAtom.FromBoolean(false);
            case JsonTokenType.StartArray:
                string tag = ReadTag(ref reader);
                if (tag is "uuid" or "named-uuid")
                {
                    return ReadUuidBody(ref reader, tag);
                }

                throw new OvsdbProtocolException($"expected an atom, got [\"{Printable.Of(tag)}\", ...]");
            default:
                throw new OvsdbProtocolException($"expected an atom, got {reader.TokenType}");
        }
    }

    private static string ReadTag(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new OvsdbProtocolException("array value without a notation tag");
        }

        return reader.ValueTextEquals("set"u8) ? "set"
            : reader.ValueTextEquals("map"u8) ? "map"
            : reader.ValueTextEquals("uuid"u8) ? "uuid"
            : reader.ValueTextEquals("named-uuid"u8) ? "named-uuid"
            : reader.GetString()!;
    }

    private static OvsdbAtom ReadUuidBody(ref Utf8JsonReader reader, string tag)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new OvsdbProtocolException($"[\"{tag}\", ...] without a string");
        }

        // A named-uuid only appears in requests; a server never sends one, so it is an error here.
        if (tag != "uuid" || !Guid.TryParseExact(reader.GetString(), "D", out Guid uuid))
        {
            throw new OvsdbProtocolException($"invalid [\"{tag}\", ...] value");
        }

        ExpectEndArray(ref reader);
        return OvsdbAtom.FromUuid(uuid);
    }

    private static ImmutableArray<OvsdbAtom> ReadSetElements(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new OvsdbProtocolException("[\"set\", ...] without an element array");
        }

        var atoms = ImmutableArray.CreateBuilder<OvsdbAtom>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            atoms.Add(ReadAtom(ref reader));
        }

        ExpectEndArray(ref reader);
        return atoms.DrainToImmutable();
    }

    private static ImmutableArray<KeyValuePair<OvsdbAtom, OvsdbAtom>> ReadMapPairs(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new OvsdbProtocolException("[\"map\", ...] without a pair array");
        }

        var pairs = ImmutableArray.CreateBuilder<KeyValuePair<OvsdbAtom, OvsdbAtom>>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new OvsdbProtocolException("map pair is not a [key, value] array");
            }

            Next(ref reader);
            OvsdbAtom key = ReadAtom(ref reader);
            Next(ref reader);
            OvsdbAtom value = ReadAtom(ref reader);
            ExpectEndArray(ref reader);
            pairs.Add(new(key, value));
        }

        ExpectEndArray(ref reader);
        return pairs.DrainToImmutable();
    }

    private static void ExpectEndArray(ref Utf8JsonReader reader)
    {
        if (Next(ref reader) != JsonTokenType.EndArray)
        {
            throw new OvsdbProtocolException("array value with extra elements");
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new OvsdbProtocolException("truncated value");
        }

        return reader.TokenType;
    }
}
