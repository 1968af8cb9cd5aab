using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using ExaHealth.Ovsdb;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// The framer against every way a socket can cut a stream: whatever the messages and wherever the
/// reads end, the same messages come out, byte for byte, in order; and junk ends in
/// <see cref="OvsdbProtocolException"/> or a wait for more, never in another exception or a message above the limit.
/// </summary>
[TestClass]
internal sealed class JsonMessageFramerProperties
{
    private static readonly byte[][] Captured = [.. Fixtures.Names.SelectMany(Fixtures.Messages)];

    /// <summary>Messages as OVSDB sends them: captured ones and generated objects and arrays.</summary>
    private static readonly Gen<byte[]> Message = Gen.Frequency<byte[]>(
        (1, Gen.Int[0, Captured.Length - 1].Select(i => Captured[i])),
        (3, JsonTexts.Container.Select(Encoding.UTF8.GetBytes)));

    private static readonly Gen<(byte[][] Messages, byte[] Stream)> Streams =
        Gen.Select(Message, JsonTexts.Space).Array[1, 6].Select(parts =>
            (parts.Select(p => p.Item1).ToArray(), parts.SelectMany(p => Encoding.UTF8.GetBytes(p.Item2).Concat(p.Item1)).ToArray()));

    [TestMethod]
    public void TryReadMessage_AnySegmentation_YieldsTheMessagesByteIdentical()
    {
        Gen.Select(Streams, Gen.Int[0, int.MaxValue].Array[0, 12]).Sample((input, cuts) =>
        {
            var buffer = Segments.Of(Split(input.Stream, cuts));
            var framer = new JsonMessageFramer(OvsdbLimits.DefaultMaxMessageBytes);
            var messages = new List<byte[]>();
            while (framer.TryReadMessage(ref buffer, out var message))
            {
                messages.Add(message.ToArray());
            }

            AssertSame(input.Messages, messages);
            Assert.IsTrue(buffer.IsEmpty, "only whitespace may follow the last message, and it is dropped");
        }, iter: 400);
    }

    [TestMethod]
    public void TryReadMessage_BytesArrivingInAnyReads_YieldsTheMessagesByteIdentical()
    {
        Gen.Select(Streams, Gen.Int[0, int.MaxValue].Array[0, 12]).Sample((input, cuts) =>
        {
            var messages = new List<byte[]>();
            var pending = Feed(new JsonMessageFramer(OvsdbLimits.DefaultMaxMessageBytes), Split(input.Stream, cuts), messages);

            AssertSame(input.Messages, messages);
            Assert.AreEqual(0, pending.Length, "nothing but dropped whitespace is left over");
        }, iter: 400);
    }

    [TestMethod]
    public void TryReadMessage_MessagesAroundTheLimit_YieldsThoseWithinAndRefusesTheFirstAbove()
    {
        Gen.Select(Streams, Gen.Int[0, int.MaxValue].Array[0, 12], Gen.Int[2, 400]).Sample((input, cuts, limit) =>
        {
            var messages = new List<byte[]>();
            bool refused = false;
            try
            {
                Feed(new JsonMessageFramer(limit), Split(input.Stream, cuts), messages);
            }
            catch (OvsdbProtocolException ex) when (ex.Message.Contains("larger than the limit", StringComparison.Ordinal))
            {
                refused = true;
            }

            int within = input.Messages.TakeWhile(m => m.Length <= limit).Count();
            AssertSame(input.Messages[..within], messages);
            Assert.AreEqual(within < input.Messages.Length, refused, "a message above the limit is refused, and only then");
        }, iter: 400);
    }

    [TestMethod]
    public void TryReadMessage_MutatedCapturedStream_ProtocolErrorOrMessagesWithinTheLimit()
    {
        var stream = Fixtures.All();
        Gen.Select(Mutator.Of([stream], maxMutations: 8), Gen.Int[0, int.MaxValue].Array[0, 12], Gen.Int[2, 2000])
            .Sample((input, cuts, limit) => CheckJunk(input.Bytes, cuts, limit), iter: 600);
    }

    [TestMethod]
    public void TryReadMessage_RandomBytes_ProtocolErrorOrMessagesWithinTheLimit()
    {
        var bytes = Gen.Frequency<byte[]>(
            (1, Gen.Byte.Array[0, 300]),
            (2, Gen.OneOf<byte>((byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'"', (byte)':', (byte)',', (byte)'\\', (byte)'1', (byte)' ', (byte)'a', 0xff).Array[0, 300]));
        Gen.Select(bytes, Gen.Int[0, int.MaxValue].Array[0, 12], Gen.Int[2, 400])
            .Sample((input, cuts, limit) => CheckJunk(input, cuts, limit), iter: 600);
    }

    /// <summary>Junk must end in a protocol error or a wait; what is yielded is one complete JSON value within the limit.</summary>
    private static void CheckJunk(byte[] input, int[] cuts, int limit)
    {
        var framer = new JsonMessageFramer(limit);
        var held = new List<byte[]>();
        foreach (var chunk in Split(input, cuts))
        {
            held.Add(chunk);
            var buffer = Segments.Of([.. held]);
            try
            {
                while (true)
                {
                    long before = buffer.Length;
                    if (!framer.TryReadMessage(ref buffer, out var message))
                    {
                        break;
                    }

                    Assert.IsTrue(message.Length > 0 && message.Length <= limit, $"message of {message.Length} bytes, limit {limit}");
                    Assert.IsLessThan(before, buffer.Length, "a message consumes bytes, so the loop ends");
                    AssertOneJsonValue(message.ToArray());
                }
            }
            catch (OvsdbProtocolException)
            {
                // The session drops the connection here: nothing more is read.
                return;
            }

            Assert.IsLessThanOrEqualTo((long)limit, buffer.Length, "an unfinished message above the limit is refused before the rest arrives");
            held = [.. Chunks(buffer)];
        }
    }

    private static void AssertOneJsonValue(byte[] message)
    {
        var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = OvsdbLimits.MaxJsonDepth });
        Assert.IsTrue(reader.Read());
        reader.Skip();
        Assert.AreEqual(message.Length, reader.BytesConsumed, "the message is exactly one JSON value");
        Assert.IsFalse(reader.Read());
    }

    /// <summary>
    /// Feeds reads one at a time, as a PipeReader does: the bytes the framer left unconsumed stay
    /// in front of the next read, in the segments they arrived in. Returns what is left over.
    /// </summary>
    private static ReadOnlySequence<byte> Feed(JsonMessageFramer framer, byte[][] reads, List<byte[]> messages)
    {
        var held = new List<byte[]>();
        var pending = ReadOnlySequence<byte>.Empty;
        foreach (var read in reads)
        {
            held.Add(read);
            pending = Segments.Of([.. held]);
            while (framer.TryReadMessage(ref pending, out var message))
            {
                messages.Add(message.ToArray());
            }

            held = [.. Chunks(pending)];
        }

        return pending;
    }

    private static IEnumerable<byte[]> Chunks(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            yield return segment.ToArray();
        }
    }

    /// <summary>The bytes cut at the given offsets (taken modulo the length), empty pieces included.</summary>
    private static byte[][] Split(byte[] bytes, int[] cuts)
    {
        var offsets = cuts.Select(c => c % (bytes.Length + 1)).Order().Prepend(0).Append(bytes.Length).ToArray();
        return [.. offsets.Zip(offsets.Skip(1), (from, to) => bytes[from..to])];
    }

    private static void AssertSame(byte[][] expected, List<byte[]> actual)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i], actual[i], $"message {i}");
        }
    }
}
