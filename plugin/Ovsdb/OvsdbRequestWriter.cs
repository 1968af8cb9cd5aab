using System.Buffers;
using System.Text.Json;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Builds the few JSON-RPC messages the client sends. Only reads and liveness: this client never
/// sends "transact" or any other write (SPEC section 7). No "jsonrpc" member: ovsdb-server
/// rejects members it does not know.
/// </summary>
internal static class OvsdbRequestWriter
{
    /// <summary>monitor_cond (ovsdb-server(7)): params [db, monitor-id, {table: [{"columns": [...]}]}].</summary>
    public static void WriteMonitorCond(IBufferWriter<byte> output, long id, MonitorRequest request, string monitorId)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("id"u8, id);
        json.WriteString("method"u8, "monitor_cond"u8);
        json.WriteStartArray("params"u8);
        json.WriteStringValue(request.Database);
        json.WriteStartArray();
        json.WriteStringValue(monitorId);
        json.WriteEndArray();
        json.WriteStartObject();
        foreach (var table in request.Tables)
        {
            json.WriteStartArray(table.Name);
            json.WriteStartObject();
            json.WriteStartArray("columns"u8);
            foreach (var column in table.Columns)
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>RFC 7047 section 4.1.11: the reply to "echo" carries the request's params as its result.</summary>
    public static void WriteEchoReply(IBufferWriter<byte> output, ReadOnlySequence<byte> rawId, ReadOnlySequence<byte> rawParams)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = false });
        json.WriteStartObject();
        json.WritePropertyName("id"u8);
        json.WriteRawValue(rawId, skipInputValidation: false);
        json.WritePropertyName("result"u8);
        if (rawParams.IsEmpty)
        {
            json.WriteStartArray();
            json.WriteEndArray();
        }
        else
        {
            json.WriteRawValue(rawParams, skipInputValidation: false);
        }

        json.WriteNull("error"u8);
        json.WriteEndObject();
    }

    /// <summary>Our own inactivity probe (RFC 7047 section 4.1.11).</summary>
    public static void WriteEcho(IBufferWriter<byte> output, long id)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("id"u8, id);
        json.WriteString("method"u8, "echo"u8);
        json.WriteStartArray("params"u8);
        json.WriteStringValue("exahealth"u8);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
