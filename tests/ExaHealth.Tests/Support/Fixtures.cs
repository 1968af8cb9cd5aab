using System.Buffers;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Support;

/// <summary>
/// Golden OVSDB traffic captured from a real ovsdb-server 3.1 + ovn-northd 23.03 by
/// tests/ExaHealth.FixtureCapture: each file is exactly what one read burst delivered.
/// </summary>
internal static class Fixtures
{
    public static readonly string[] Names =
    [
        "01-monitor-reply.json", "02-status-offline.json", "03-status-online.json", "04-status-cleared.json",
        "05-two-rows-one-transaction.json", "06-vips-backend-added.json", "07-vips-entry-added.json",
        "08-vips-entry-removed.json", "09-load-balancer-inserted.json", "10-load-balancer-deleted.json",
    ];

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static byte[] All() => Names.SelectMany(Bytes).ToArray();

    /// <summary>The messages of one file, framed.</summary>
    public static List<byte[]> Messages(string name)
    {
        var framer = new JsonMessageFramer(OvsdbLimits.DefaultMaxMessageBytes);
        var buffer = new ReadOnlySequence<byte>(Bytes(name));
        var messages = new List<byte[]>();
        while (framer.TryReadMessage(ref buffer, out var message))
        {
            messages.Add(message.ToArray());
        }

        return messages;
    }

    /// <summary>The table updates of a monitor reply or an update2 notification, as the session hands them on (checked).</summary>
    public static TableUpdatesData Updates(byte[] message)
    {
        var envelope = OvsdbMessageReader.Read(new ReadOnlySequence<byte>(message));
        var source = envelope.IsResponse ? envelope.Result : envelope.Params;
        var json = new System.Text.Json.Utf8JsonReader(source);
        json.Read();
        if (!envelope.IsResponse)
        {
            json.Read();
            json.Skip();
            json.Read();
        }

        return TableUpdatesData.Take(TestUpdates.Request, source, ref json, version1: false);
    }

    public static TableUpdatesData Updates(string name) => Updates(Messages(name).Single());

    /// <summary>The same, decoded to generic rows.</summary>
    public static IReadOnlyList<TableUpdate> Tables(byte[] message) => Updates(message).Decode();

    public static IReadOnlyList<TableUpdate> Tables(string name) => Tables(Messages(name).Single());
}
