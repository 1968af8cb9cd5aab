using System.Buffers;
using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Ovsdb;

[TestClass]
internal sealed class JsonMessageFramerTests
{
    private static readonly byte[] Stream = Fixtures.All();
    private static readonly List<byte[]> Expected = Fixtures.Names.SelectMany(Fixtures.Messages).ToList();

    [TestMethod]
    public void TryReadMessage_CapturedStreamInOneRead_YieldsEveryMessage()
    {
        var messages = Feed([Stream]);

        Assert.HasCount(11, messages, "ten files, one of them with two messages back to back");
        CollectionAssert.AreEqual(Stream, messages.SelectMany(m => m).ToArray());
    }

    [TestMethod]
    public void TryReadMessage_SplitAtEveryByteOffset_YieldsTheSameMessages()
    {
        for (int offset = 0; offset <= Stream.Length; offset++)
        {
            var messages = Feed([Stream[..offset], Stream[offset..]]);

            Assert.HasCount(Expected.Count, messages, $"split at {offset}");
            for (int i = 0; i < Expected.Count; i++)
            {
                CollectionAssert.AreEqual(Expected[i], messages[i], $"message {i}, split at {offset}");
            }
        }
    }

    [TestMethod]
    public void TryReadMessage_OneByteReads_YieldsTheSameMessages()
    {
        var messages = Feed(Stream.Select(b => new[] { b }).ToArray());

        Assert.HasCount(Expected.Count, messages);
        for (int i = 0; i < Expected.Count; i++)
        {
            CollectionAssert.AreEqual(Expected[i], messages[i]);
        }
    }

    [TestMethod]
    public void TryReadMessage_MultiSegmentBufferSplitAtEveryOffset_YieldsTheSameMessages()
    {
        var reply = Fixtures.Bytes("01-monitor-reply.json");
        for (int a = 0; a < reply.Length; a += 7)
        {
            for (int b = a; b <= reply.Length; b += 13)
            {
                var framer = new JsonMessageFramer(1 << 20);
                var buffer = Segments.Of(reply[..a], reply[a..b], reply[b..]);

                Assert.IsTrue(framer.TryReadMessage(ref buffer, out var message), $"split at {a} and {b}");
                CollectionAssert.AreEqual(reply, message.ToArray());
                Assert.IsTrue(buffer.IsEmpty);
            }
        }
    }

    [TestMethod]
    public void TryReadMessage_WhitespaceBetweenMessages_IsSkipped()
    {
        var messages = Feed([Encoding.UTF8.GetBytes(" \n{\"id\":1,\"result\":[],\"error\":null}\n\n\t{\"id\":2,\"result\":[],\"error\":null}\r\n")]);

        Assert.HasCount(2, messages);
        Assert.AreEqual("{\"id\":2,\"result\":[],\"error\":null}", Encoding.UTF8.GetString(messages[1]));
    }

    [TestMethod]
    public void TryReadMessage_TruncatedMessage_WaitsForMore()
    {
        var framer = new JsonMessageFramer(1 << 20);
        var reply = Fixtures.Bytes("01-monitor-reply.json");
        var buffer = new ReadOnlySequence<byte>(reply[..^1]);

        Assert.IsFalse(framer.TryReadMessage(ref buffer, out _));
        Assert.AreEqual(reply.Length - 1, buffer.Length, "nothing is consumed before the message is complete");
    }

    [TestMethod]
    public void TryReadMessage_MessageAboveLimit_Throws()
    {
        var reply = Fixtures.Bytes("01-monitor-reply.json");
        var framer = new JsonMessageFramer(reply.Length - 1);
        var buffer = new ReadOnlySequence<byte>(reply);

        var error = Assert.ThrowsExactly<OvsdbProtocolException>(() => framer.TryReadMessage(ref buffer, out _));
        StringAssert.Contains(error.Message, "larger than the limit");
    }

    [TestMethod]
    public void TryReadMessage_IncompleteMessageAboveLimit_ThrowsWithoutWaitingForTheEnd()
    {
        var framer = new JsonMessageFramer(1000);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("{\"id\":null,\"method\":\"update2\",\"params\":[\"" + new string('x', 2000)));

        Assert.ThrowsExactly<OvsdbProtocolException>(() => framer.TryReadMessage(ref buffer, out _));
    }

    [TestMethod]
    [DataRow("{\"id\":1,]")]
    [DataRow("}")]
    [DataRow("{\"a\" 1}")]
    [DataRow("{'id':1}")]
    public void TryReadMessage_MalformedJson_Throws(string text)
    {
        var framer = new JsonMessageFramer(1 << 20);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));

        Assert.ThrowsExactly<OvsdbProtocolException>(() => framer.TryReadMessage(ref buffer, out _));
    }

    [TestMethod]
    public void TryReadMessage_NestingBeyondLimit_Throws()
    {
        var framer = new JsonMessageFramer(1 << 20);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(new string('[', OvsdbLimits.MaxJsonDepth + 1)));

        Assert.ThrowsExactly<OvsdbProtocolException>(() => framer.TryReadMessage(ref buffer, out _));
    }

    /// <summary>Feeds chunks the way a PipeReader would: unconsumed bytes stay in front of the next chunk.</summary>
    private static List<byte[]> Feed(IEnumerable<byte[]> chunks)
    {
        var framer = new JsonMessageFramer(1 << 20);
        var messages = new List<byte[]>();
        var pending = Array.Empty<byte>();
        foreach (var chunk in chunks)
        {
            var buffer = Segments.Of(pending, chunk);
            while (framer.TryReadMessage(ref buffer, out var message))
            {
                messages.Add(message.ToArray());
            }

            pending = buffer.ToArray();
        }

        return messages;
    }
}
