using System.Buffers;
using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>A full snapshot read while it arrives: the same rows as reading it whole, in checked parts.</summary>
[TestClass]
internal sealed class SnapshotStreamerTests
{
    private readonly List<TableUpdatesData> _parts = [];

    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(100)]
    [DataRow(100_000)]
    public void Feed_CapturedReplyInChunks_SameRowsAsReadWhole(int chunk)
    {
        var message = Fixtures.Messages("01-monitor-reply.json").Single();
        var streamer = NewStreamer();

        Feed(streamer, message, chunk);

        Assert.IsTrue(streamer.Streamed);
        Assert.AreEqual(1L, streamer.Id);
        Assert.IsFalse(streamer.HasError);
        Assert.AreEqual("Load_Balancer 2, Service_Monitor 4", streamer.Rows.ToString());
        CollectionAssert.AreEquivalent(Describe(Fixtures.Tables(message)), Describe(_parts.SelectMany(p => p.Decode()).ToList()));
    }

    [TestMethod]
    public void Feed_ManyRows_SplitIntoParts()
    {
        int rows = (SnapshotStreamer.RowsPerPart * 2) + 5;
        var streamer = NewStreamer();

        Feed(streamer, Reply(rows, resultFirst: false), 4096);

        Assert.HasCount(3, _parts);
        Assert.AreEqual(rows, streamer.Rows["Service_Monitor"]);
        Assert.AreEqual(rows, _parts.Sum(p => p.Rows!.Total));
    }

    [TestMethod]
    public void Feed_ResultBeforeId_IdKnownAtTheEnd()
    {
        var streamer = NewStreamer();

        Feed(streamer, Reply(3, resultFirst: true), 10);

        Assert.IsTrue(streamer.Streamed);
        Assert.AreEqual(1L, streamer.Id);
        Assert.AreEqual(3, streamer.Rows.Total);
    }

    [TestMethod]
    public void Feed_CondSinceNotFound_StreamedWithItsTransaction()
    {
        var streamer = NewStreamer();
        var json = "{\"id\":1,\"result\":[false,\"11111111-2222-3333-4444-555555555555\"," + Tables(2) + "],\"error\":null}";

        Feed(streamer, Encoding.UTF8.GetBytes(json), 5);

        Assert.IsTrue(streamer.Streamed);
        Assert.AreEqual(Guid.Parse("11111111-2222-3333-4444-555555555555"), streamer.LastTransaction);
        Assert.AreEqual(2, streamer.Rows.Total);
    }

    [TestMethod]
    public void Feed_CondSinceFound_NotStreamed()
    {
        var streamer = NewStreamer();
        var json = "{\"id\":1,\"result\":[true,\"11111111-2222-3333-4444-555555555555\"," + Tables(2) + "],\"error\":null}";

        Feed(streamer, Encoding.UTF8.GetBytes(json), 5);

        Assert.IsFalse(streamer.Streamed, "missed changes apply to the current replica, the ordinary way");
        Assert.IsEmpty(_parts);
    }

    [TestMethod]
    [DataRow("{\"id\":null,\"method\":\"echo\",\"params\":[]}")]
    [DataRow("{\"id\":1,\"result\":null,\"error\":{\"error\":\"unknown method\"}}")]
    [DataRow("{\"id\":1001,\"result\":[],\"error\":null}")]
    public void Feed_NotASnapshot_NothingStreamed(string json)
    {
        var streamer = NewStreamer();

        Feed(streamer, Encoding.UTF8.GetBytes(json), 3);

        Assert.IsFalse(streamer.Streamed);
        Assert.IsEmpty(_parts);
    }

    [TestMethod]
    public void Feed_ErrorMember_Reported()
    {
        var streamer = NewStreamer();

        Feed(streamer, Encoding.UTF8.GetBytes("{\"id\":1,\"result\":" + Tables(1) + ",\"error\":\"oops\"}"), 1000);

        Assert.IsTrue(streamer.HasError, "the session refuses the message then");
    }

    [TestMethod]
    [DataRow("{\"Service_Monitor\":{\"not-a-uuid\":{\"initial\":{}}}}")]
    [DataRow("{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000001\":5}}")]
    [DataRow("{\"Service_Monitor\":[]}")]
    [DataRow("{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000001\":{\"initial\":{\"ip\":[\"map\",5]}}}}")]
    [DataRow("{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000001\":{\"upsert\":{}}}}")]
    public void Feed_MalformedRow_Throws(string tables)
    {
        var streamer = NewStreamer();

        Assert.ThrowsExactly<OvsdbProtocolException>(() => Feed(streamer, Encoding.UTF8.GetBytes("{\"id\":1,\"result\":" + tables + "}"), 4));
    }

    [TestMethod]
    public void Reset_ReadyForTheNextMessage()
    {
        var streamer = NewStreamer();
        Feed(streamer, Reply(2, resultFirst: false), 50);

        streamer.Reset();
        Feed(streamer, Encoding.UTF8.GetBytes("{\"id\":null,\"method\":\"echo\",\"params\":[]}"), 50);

        Assert.IsFalse(streamer.Streamed);
        Assert.IsNull(streamer.Id);
        Assert.AreEqual(0, streamer.Rows.Total);
    }

    private SnapshotStreamer NewStreamer() => new(TestUpdates.Request, version1: false, _parts.Add);

    /// <summary>Feeds as a connection would: the message from its start, growing by <paramref name="chunk"/> bytes, the last call final.</summary>
    private static void Feed(SnapshotStreamer streamer, byte[] message, int chunk)
    {
        for (int length = Math.Min(chunk, message.Length); ; length = Math.Min(length + chunk, message.Length))
        {
            bool final = length == message.Length;
            streamer.Feed(Segmented(message.AsMemory(0, length)), final);
            if (final)
            {
                return;
            }
        }
    }

    /// <summary>A sequence of 3-byte segments, as a pipe delivers many small reads.</summary>
    private static ReadOnlySequence<byte> Segmented(ReadOnlyMemory<byte> bytes) =>
        ChunkedSequence.Of(bytes, 3);

    private static byte[] Reply(int rows, bool resultFirst)
    {
        string result = "\"result\":" + Tables(rows);
        return Encoding.UTF8.GetBytes(resultFirst ? "{" + result + ",\"error\":null,\"id\":1}" : "{\"id\":1," + result + ",\"error\":null}");
    }

    private static string Tables(int rows) =>
        "{\"Service_Monitor\":{" + string.Join(",", Enumerable.Range(0, rows).Select(i =>
            $"\"{new Guid(i, 0, 0, new byte[8]):D}\":{{\"initial\":{{\"ip\":\"10.0.{i / 256 % 256}.{i % 256}\",\"port\":80,\"status\":\"online\"}}}}")) + "}}";

    private static List<string> Describe(IReadOnlyList<TableUpdate> tables) =>
        [.. tables.SelectMany(t => t.Rows.Select(r => $"{t.Table} {r.Uuid} {r.Kind} {string.Join(";", r.Columns.Select(c => c.Column + "=" + c.Value))}"))];
}
