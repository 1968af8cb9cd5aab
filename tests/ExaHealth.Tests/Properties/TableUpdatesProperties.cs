using System.Buffers;
using System.Net;
using CsCheck;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Damaged table updates, starting from the captured ones. The session checks every message
/// (<see cref="TableUpdatesData.Check"/>) before any replica sees it, so the guarantee is: a
/// message is refused whole with <see cref="OvsdbProtocolException"/>, or it passes and then every
/// reader of it (generic decoding, the replica) takes it without an exception.
/// </summary>
[TestClass]
internal sealed class TableUpdatesProperties
{
    private static readonly byte[][] CapturedUpdates = [.. Fixtures.Names.SelectMany(Fixtures.Messages).Select(m => Fixtures.Updates(m).Json.ToArray())];

    private static readonly byte[][] CapturedMessages = [.. Fixtures.Names.SelectMany(Fixtures.Messages)];

    [TestMethod]
    public void Check_MutatedUpdates_RefusedWholeOrReadableByEveryReader()
    {
        Gen.Select(Mutator.Of(CapturedUpdates), Gen.Bool).Sample((input, version1) =>
        {
            var data = new TableUpdatesData(TestUpdates.Request, input.Bytes, version1);
            try
            {
                data.Check();
            }
            catch (OvsdbProtocolException)
            {
                return;
            }

            var rows = data.Decode();
            Assert.AreEqual(data.Rows!.Total, rows.Sum(t => t.Rows.Count), "the check counts the rows the readers see");

            var fresh = NewReplica();
            fresh.Apply(data, snapshot: true, touched: null);

            var replica = Captured();
            var before = ReplicaView.Vips(replica);
            var touched = new HashSet<IPAddress>();
            replica.Apply(data, snapshot: false, touched);
            AssertTouched(before, ReplicaView.Vips(replica), touched);
        }, iter: 1500, print: (t) => $"version1={t.Item2} {t.Item1}");
    }

    [TestMethod]
    public void Apply_MutatedSnapshot_SameReplicaWhateverCameBefore()
    {
        Gen.Select(Mutator.Of(CapturedUpdates), Gen.Int[1, CapturedUpdates.Length - 1]).Sample((input, earlier) =>
        {
            var data = new TableUpdatesData(TestUpdates.Request, input.Bytes);
            try
            {
                data.Check();
            }
            catch (OvsdbProtocolException)
            {
                return;
            }

            var fresh = NewReplica();
            fresh.Apply(data, snapshot: true, touched: null);
            var used = Captured();
            used.Apply(new TableUpdatesData(TestUpdates.Request, CapturedUpdates[earlier]).Check(), snapshot: false, touched: null);
            var before = ReplicaView.Vips(used);
            var touched = new HashSet<IPAddress>();
            used.Apply(data, snapshot: true, touched);

            Assert.AreEqual(ReplicaView.Text(fresh, []), ReplicaView.Text(used, []), "a snapshot replaces everything");
            AssertTouched(before, ReplicaView.Vips(used), touched);
        }, iter: 600);
    }

    [TestMethod]
    public void Session_MutatedMessagesInAnyReads_OnlyProtocolErrors()
    {
        Gen.Select(Mutator.Of(CapturedMessages), Gen.Int[1, 64]).Sample((input, read) =>
        {
            try
            {
                SessionRead(input.Bytes, read);
            }
            catch (OvsdbProtocolException)
            {
                // The session drops the connection and reconnects.
            }
        }, iter: 1500);
    }

    /// <summary>
    /// What OvsdbSession.ReadAsync does with the bytes of one connection, minus the socket: frame,
    /// stream the snapshot while it arrives, read the envelope, and apply every checked snapshot part.
    /// </summary>
    private static void SessionRead(byte[] bytes, int read)
    {
        var framer = new JsonMessageFramer(OvsdbLimits.DefaultMaxMessageBytes);
        var replica = NewReplica();
        var streamer = new SnapshotStreamer(TestUpdates.Request, version1: false, part => replica.Apply(part, snapshot: false, touched: null));
        byte[] pending = [];
        for (int start = 0; start < bytes.Length; start += read)
        {
            // The pipe keeps what the framer left unconsumed; the next read appends to it.
            pending = [.. pending, .. bytes.AsSpan(start, Math.Min(read, bytes.Length - start))];
            var buffer = ChunkedSequence.Of(pending, 5);
            while (framer.TryReadMessage(ref buffer, out var message))
            {
                streamer.Feed(message, final: true);
                if (streamer.Streamed)
                {
                    return;
                }

                streamer.Reset();
                var envelope = OvsdbMessageReader.Read(new ReadOnlySequence<byte>(message.ToArray()));
                _ = envelope.IsResponse ? OvsdbMessageReader.DescribeError(envelope.Error) : envelope.Method;
            }

            if (!buffer.IsEmpty)
            {
                streamer.Feed(buffer, final: false);
            }

            pending = buffer.ToArray();
        }
    }

    /// <summary>Every VIP whose inputs changed was reported, so that it is decided again.</summary>
    internal static void AssertTouched(Dictionary<IPAddress, string> before, Dictionary<IPAddress, string> after, HashSet<IPAddress> touched)
    {
        foreach (var address in before.Keys.Union(after.Keys))
        {
            if (before.GetValueOrDefault(address) != after.GetValueOrDefault(address))
            {
                Assert.Contains(address, touched, $"{address} changed without being reported: {before.GetValueOrDefault(address)} => {after.GetValueOrDefault(address)}");
            }
        }
    }

    private static SouthboundReplica NewReplica() =>
        new(LoadBalancerFilter.All, NullLogger.Instance, trackOvnTiming: true, isChecked: null);

    private static SouthboundReplica Captured()
    {
        var replica = NewReplica();
        replica.Apply(Fixtures.Updates("01-monitor-reply.json"), snapshot: true, touched: null);
        return replica;
    }
}
