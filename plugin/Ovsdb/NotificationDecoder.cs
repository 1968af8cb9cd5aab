using System.Text.Json;

namespace ExaHealth.Ovsdb;

/// <summary>
/// The parts of monitor replies and update notifications that come before their table updates
/// (ovsdb-server(7)): the monitor id of "update", "update2" and "update3" params
/// <c>[monitor-id, (last-txn-id,) table-updates]</c>, and the <c>[found, last-txn-id, table-updates2]</c>
/// of a monitor_cond_since reply. Each step leaves the reader where the next one starts, so that
/// the session can record the transaction before the table updates are taken, as it always has.
/// </summary>
internal static class NotificationDecoder
{
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = OvsdbLimits.MaxJsonDepth };

    /// <summary>
    /// From the start of a message: true when it begins <c>{"id":null,"method":"update","params":</c>
    /// (or update2, update3), the order ovsdb-server writes, leaving the reader on the "params" name,
    /// where <see cref="ReadMonitorId"/> starts; false for any other message, which is read the general way.
    /// </summary>
    public static bool TryReadUpdateEnvelope(ref Utf8JsonReader reader, out bool update3, out bool version1)
    {
        update3 = version1 = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
            || !Member(ref reader, "id"u8) || !reader.Read() || reader.TokenType != JsonTokenType.Null
            || !Member(ref reader, "method"u8) || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        version1 = reader.ValueTextEquals("update"u8);
        update3 = reader.ValueTextEquals("update3"u8);
        if (!version1 && !update3 && !reader.ValueTextEquals("update2"u8))
        {
            return false;
        }

        return Member(ref reader, "params"u8);
    }

    /// <summary>After the table updates: true when the params and the message end there, and nothing follows.</summary>
    public static bool IsEnvelopeEnd(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.EndArray
        && reader.Read() && reader.TokenType == JsonTokenType.EndObject
        && !reader.Read();

    /// <summary>From the start of the params: reads the monitor id; true when it is <see cref="ServerWatch.MonitorId"/>.</summary>
    /// <exception cref="OvsdbProtocolException">The params are not an array.</exception>
    public static bool ReadMonitorId(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, read: true);
        reader.Read();
        return IsServerMonitor(ref reader);
    }

    /// <summary>update3: reads the last-txn-id that follows the monitor id.</summary>
    /// <exception cref="OvsdbProtocolException">The id is a string that does not decode.</exception>
    public static Guid? ReadTransaction(ref Utf8JsonReader reader)
    {
        reader.Read();
        return ParseTransaction(ref reader);
    }

    /// <summary>Moves onto the first token of the table updates.</summary>
    /// <exception cref="OvsdbProtocolException">The params end before them.</exception>
    public static void MoveToUpdates(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new OvsdbProtocolException("update params too short");
        }
    }

    /// <summary>
    /// A monitor_cond_since reply, from its first token: reads found and last-txn-id and leaves the
    /// reader on table-updates2. Returns found: true when the server resumed from our transaction.
    /// </summary>
    /// <exception cref="OvsdbProtocolException">The reply is not an array, or the id does not decode.</exception>
    public static bool ReadSinceReply(ref Utf8JsonReader reader, out Guid? lastTransaction)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        reader.Read();
        bool found = reader.TokenType == JsonTokenType.True;
        reader.Read();
        lastTransaction = ParseTransaction(ref reader);
        reader.Read();
        return found;
    }

    private static bool Member(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name);

    /// <summary>The monitor id we sent is ["exahealth"] or ["exahealth-server"]; the server echoes it as given.</summary>
    private static bool IsServerMonitor(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        reader.Read();
        bool server = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(ServerWatch.MonitorId);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Read();
        }

        return server;
    }

    /// <exception cref="OvsdbProtocolException">The id is a string that does not decode (invalid UTF-8, an escaped lone surrogate).</exception>
    private static Guid? ParseTransaction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // Not JSON text at all (found by fuzzing), unlike a string that is merely no uuid; the streamed reply refuses it too.
            throw new OvsdbProtocolException($"transaction id that does not decode: {ex.Message}", ex);
        }

        return Guid.TryParseExact(text, "D", out var id) && id != Guid.Empty ? id : null;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, bool read = false)
    {
        if (read && !reader.Read())
        {
            throw new OvsdbProtocolException("truncated message");
        }

        if (reader.TokenType != type)
        {
            throw new OvsdbProtocolException($"expected {type}, got {reader.TokenType}");
        }
    }
}
