using System.Buffers;
using System.Text.Json;
using ExaHealth.Ovsdb;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>
/// The one-pass read of update notifications: the golden ones, captured from a real ovsdb-server,
/// are each read to their end without the general reader, to the same rows it finds.
/// </summary>
[TestClass]
internal sealed class NotificationDecoderTests
{
    [TestMethod]
    [DataRow("02-status-offline.json")]
    [DataRow("05-two-rows-one-transaction.json")]
    [DataRow("06-vips-backend-added.json")]
    [DataRow("09-load-balancer-inserted.json")]
    [DataRow("10-load-balancer-deleted.json")]
    public void TryReadUpdateEnvelope_GoldenNotification_ReadInOnePassToTheSameRows(string fixture)
    {
        foreach (var bytes in Fixtures.Messages(fixture))
        {
            var message = new ReadOnlySequence<byte>(bytes);
            var reader = new Utf8JsonReader(message, NotificationDecoder.ReaderOptions);

            Assert.IsTrue(NotificationDecoder.TryReadUpdateEnvelope(ref reader, out bool update3, out bool version1));
            Assert.IsFalse(NotificationDecoder.ReadMonitorId(ref reader), "the replica's monitor, not the _Server one");
            if (update3)
            {
                NotificationDecoder.ReadTransaction(ref reader);
            }

            NotificationDecoder.MoveToUpdates(ref reader);
            var updates = TableUpdatesData.Take(TestUpdates.Request, message, ref reader, version1);

            Assert.IsTrue(NotificationDecoder.IsEnvelopeEnd(ref reader));
            Assert.IsFalse(version1);
            Assert.AreEqual(Json(Fixtures.Updates(bytes)), Json(updates));
        }
    }

    [TestMethod]
    public void TryReadUpdateEnvelope_Update3_LeavesTheReaderWhereTheParamsAreRead()
    {
        var message = new ReadOnlySequence<byte>("{\"id\":null,\"method\":\"update3\",\"params\":[[\"exahealth\"],\"66666666-7777-8888-9999-000000000000\",{}]}"u8.ToArray());
        var reader = new Utf8JsonReader(message, NotificationDecoder.ReaderOptions);

        Assert.IsTrue(NotificationDecoder.TryReadUpdateEnvelope(ref reader, out bool update3, out _));
        Assert.IsTrue(update3);
        Assert.IsFalse(NotificationDecoder.ReadMonitorId(ref reader));
        Assert.AreEqual(Guid.Parse("66666666-7777-8888-9999-000000000000"), NotificationDecoder.ReadTransaction(ref reader));
        NotificationDecoder.MoveToUpdates(ref reader);
        Assert.AreEqual(JsonTokenType.StartObject, reader.TokenType);
        reader.Read();
        Assert.IsTrue(NotificationDecoder.IsEnvelopeEnd(ref reader));
    }

    [TestMethod]
    [DataRow("{\"id\":1,\"result\":{},\"error\":null}", DisplayName = "a response")]
    [DataRow("{\"id\":\"x\",\"method\":\"update3\",\"params\":[]}", DisplayName = "an id that is not null")]
    [DataRow("{\"id\":null,\"method\":\"echo\",\"params\":[]}", DisplayName = "echo")]
    [DataRow("{\"method\":\"update3\",\"id\":null,\"params\":[]}", DisplayName = "members in another order")]
    public void TryReadUpdateEnvelope_OtherMessages_False(string text)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), NotificationDecoder.ReaderOptions);

        Assert.IsFalse(NotificationDecoder.TryReadUpdateEnvelope(ref reader, out _, out _));
    }

    private static string Json(TableUpdatesData data) => System.Text.Encoding.UTF8.GetString(data.Json.Span);
}
