using System.Buffers;
using System.Text;
using System.Text.Json;
using ExaHealth.Text;

namespace ExaHealth.Ovsdb;

/// <summary>Splits one framed message into its JSON-RPC members (RFC 7047 section 4), whatever their order.</summary>
internal static class OvsdbMessageReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = OvsdbLimits.MaxJsonDepth };

    public static OvsdbMessage Read(ReadOnlySequence<byte> message)
    {
        var reader = new Utf8JsonReader(message, Options);
        try
        {
            return ReadEnvelope(ref reader, message);
        }
        catch (JsonException ex)
        {
            throw new OvsdbProtocolException($"malformed JSON-RPC message: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new OvsdbProtocolException($"malformed JSON-RPC message: {ex.Message}", ex);
        }
    }

    /// <summary>A readable one-line form of an error member, e.g. <c>syntax error: unknown column</c>.</summary>
    public static string DescribeError(ReadOnlySequence<byte> error)
    {
        var reader = new Utf8JsonReader(error, Options);
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                return Printable.Of(reader.GetString(), 200);
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                string? kind = null, details = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isError = reader.ValueTextEquals("error"u8);
                    bool isDetails = reader.ValueTextEquals("details"u8);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        if (isError) { kind = reader.GetString(); }
                        else if (isDetails) { details = reader.GetString(); }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return Printable.Of(details is null ? kind : $"{kind}: {details}", 200);
            }
        }
        catch (JsonException)
        {
            // Fall through to the raw form.
        }
        catch (InvalidOperationException)
        {
            // A string that does not decode (invalid UTF-8, an escaped lone surrogate; found by fuzzing):
            // the raw form, invalid bytes replaced.
        }

        return Printable.Of(Encoding.UTF8.GetString(error), 200);
    }

    private static OvsdbMessage ReadEnvelope(ref Utf8JsonReader reader, ReadOnlySequence<byte> message)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new OvsdbProtocolException("message is not a JSON object");
        }

        string? method = null;
        long? numericId = null;
        ReadOnlySequence<byte> rawId = default, parameters = default, result = default, error = default;
        bool sawId = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = ReadMember(ref reader);
            reader.Read();
            long start = reader.TokenStartIndex;
            JsonTokenType token = reader.TokenType;
            switch (member)
            {
                case Member.Id:
                    sawId = true;
                    if (token == JsonTokenType.Number && reader.TryGetInt64(out long id))
                    {
                        numericId = id;
                    }

                    break;
                case Member.Method:
                    method = token == JsonTokenType.String
                        ? reader.GetString()
                        : throw new OvsdbProtocolException("\"method\" is not a string");
                    break;
            }

            reader.Skip();
            var raw = message.Slice(start, reader.BytesConsumed - start);
            switch (member)
            {
                case Member.Id: rawId = raw; break;
                case Member.Params: parameters = raw; break;
                case Member.Result: result = raw; break;
                case Member.Error: error = token == JsonTokenType.Null ? default : raw; break;
            }
        }

        if (!sawId)
        {
            throw new OvsdbProtocolException("message without \"id\"");
        }

        if (method is null && result.IsEmpty && error.IsEmpty)
        {
            throw new OvsdbProtocolException("response with neither result nor error");
        }

        return new OvsdbMessage(method, rawId, numericId, parameters, result, error);
    }

    private enum Member
    {
        Other,
        Id,
        Method,
        Params,
        Result,
        Error,
    }

    private static Member ReadMember(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? Member.Id
        : reader.ValueTextEquals("method"u8) ? Member.Method
        : reader.ValueTextEquals("params"u8) ? Member.Params
        : reader.ValueTextEquals("result"u8) ? Member.Result
        : reader.ValueTextEquals("error"u8) ? Member.Error
        : Member.Other;
}
