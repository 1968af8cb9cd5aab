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
    public const string ServerDatabase = "_Server";

    private static readonly string[] ServerColumns = ["name", "model", "connected", "leader", "index", "cid"];

    /// <summary>
    /// A monitor request of the given kind (ovsdb-server(7)): monitor_cond_since
    /// [db, id, requests, last-txn-id], monitor_cond [db, id, requests], or RFC 7047 monitor.
    /// </summary>
    public static void WriteMonitor(IBufferWriter<byte> output, long id, MonitorMethod method, MonitorRequest request, string monitorId, Guid? lastTransaction)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("id"u8, id);
        json.WriteString("method"u8, method switch
        {
            MonitorMethod.CondSince => "monitor_cond_since"u8,
            MonitorMethod.Cond => "monitor_cond"u8,
            _ => "monitor"u8,
        });
        json.WriteStartArray("params"u8);
        json.WriteStringValue(request.Database);
        json.WriteStartArray();
        json.WriteStringValue(monitorId);
        json.WriteEndArray();
        json.WriteStartObject();
        foreach (var table in request.Tables)
        {
            json.WritePropertyName(table.Name);
            if (method != MonitorMethod.Plain)
            {
                json.WriteStartArray();
            }

            json.WriteStartObject();
            json.WriteStartArray("columns"u8);
            foreach (var column in table.Columns)
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            if (method != MonitorMethod.Plain)
            {
                json.WriteEndArray();
            }
        }

        json.WriteEndObject();
        if (method == MonitorMethod.CondSince)
        {
            json.WriteStringValue((lastTransaction ?? Guid.Empty).ToString("D"));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>monitor_cond on the _Server database's row for <paramref name="database"/> (cluster membership, leadership, log index).</summary>
    public static void WriteServerMonitor(IBufferWriter<byte> output, long id, string database, string monitorId)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteNumber("id"u8, id);
        json.WriteString("method"u8, "monitor_cond"u8);
        json.WriteStartArray("params"u8);
        json.WriteStringValue(ServerDatabase);
        json.WriteStartArray();
        json.WriteStringValue(monitorId);
        json.WriteEndArray();
        json.WriteStartObject();
        json.WriteStartArray("Database"u8);
        json.WriteStartObject();
        json.WriteStartArray("columns"u8);
        foreach (var column in ServerColumns)
        {
            json.WriteStringValue(column);
        }

        json.WriteEndArray();
        json.WriteStartArray("where"u8);
        json.WriteStartArray();
        json.WriteStringValue("name"u8);
        json.WriteStringValue("=="u8);
        json.WriteStringValue(database);
        json.WriteEndArray();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>RFC 7047 section 4.1.11: the reply to "echo" carries the request's params as its result.</summary>
    public static void WriteEchoReply(IBufferWriter<byte> output, ReadOnlySequence<byte> rawId, ReadOnlySequence<byte> rawParams)
    {
        using var json = new Utf8JsonWriter(output);
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
