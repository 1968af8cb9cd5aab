using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using ExaHealth.ExaBgp;
using ExaHealth.Routes;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.ExaBgp;

/// <summary>Pacing of stdout (SPEC section 4) over an in-memory pipe and fake time.</summary>
[TestClass]
internal sealed class ExaBgpWriterTests : IDisposable
{
    private readonly Pipe _stdout = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _log = new();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
    private AckTracker _acks = null!;

    public void Dispose() => _stop.Dispose();

    [TestMethod]
    public async Task RunAsync_AcksOn_OneLineInFlightNextAfterDone()
    {
        var writer = Start(ack: true);
        writer.Enqueue([Announce("10.0.0.1", "192.0.2.1"), Announce("10.0.0.2", "192.0.2.2")]);

        Assert.AreEqual("announce route 10.0.0.1/32 next-hop 192.0.2.1\n", await ReadAsync());
        await Task.Delay(100);
        Assert.IsFalse(_stdout.Reader.TryRead(out _), "the second line waits for the ack");

        _acks.Answer(ok: true);
        Assert.AreEqual("announce route 10.0.0.2/32 next-hop 192.0.2.2\n", await ReadAsync());
        _acks.Answer(ok: true);
        await WaitUntilAsync(() => writer.Queued == 0);
    }

    [TestMethod]
    public async Task RunAsync_AcksOn_NextLineWrittenBeforeTheAnswerReturns()
    {
        // Issue 12: the answering (stdin) thread writes the next line itself. A hop to another thread
        // per line waits for a core that ExaBGP and the router are busy with: ~1 ms a line on 2 cores.
        var writer = Start(ack: true);
        writer.Enqueue([Announce("10.0.0.1", "192.0.2.1"), Announce("10.0.0.2", "192.0.2.2")]);
        Assert.AreEqual("announce route 10.0.0.1/32 next-hop 192.0.2.1\n", await ReadAsync());

        _acks.Answer(ok: true);

        Assert.IsTrue(_stdout.Reader.TryRead(out var next), "the next line is out when the answer has been taken");
        Assert.AreEqual("announce route 10.0.0.2/32 next-hop 192.0.2.2\n", Encoding.ASCII.GetString(next.Buffer.ToArray()));
        _stdout.Reader.AdvanceTo(next.Buffer.End);
        _acks.Answer(ok: true);
        await WaitUntilAsync(() => writer.Queued == 0);
    }

    [TestMethod]
    public async Task RunAsync_ErrorAck_LogsTheRefusedCommand()
    {
        var writer = Start(ack: true);
        writer.Enqueue([Announce("10.0.0.1")]);
        await ReadAsync();

        _acks.Answer(ok: false);

        await WaitUntilAsync(() => writer.Queued == 0);
        Assert.AreEqual("exabgp refused command: announce route 10.0.0.1/32 next-hop self", _log.Entries.Single(e => e.EventId == 6000).Message);
    }

    [TestMethod]
    public async Task RunAsync_NoAckWithinTimeout_LogsAndGoesOn()
    {
        var writer = Start(ack: true);
        writer.Enqueue([Announce("10.0.0.1", "192.0.2.1"), Announce("10.0.0.2", "192.0.2.2")]);
        await ReadAsync();

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.AreEqual("announce route 10.0.0.2/32 next-hop 192.0.2.2\n", await ReadAsync());
        StringAssert.Contains(_log.Entries.Single(e => e.EventId == 6001).Message, "announce route 10.0.0.1/32");
    }

    [TestMethod]
    public async Task RunAsync_LateAnswerAfterTimeout_IsNotTakenForTheNextCommand()
    {
        var writer = Start(ack: true);
        writer.Enqueue([Announce("10.0.0.1", "192.0.2.1"), Announce("10.0.0.2", "192.0.2.2"), Announce("10.0.0.3", "192.0.2.3")]);
        await ReadAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.AreEqual("announce route 10.0.0.2/32 next-hop 192.0.2.2\n", await ReadAsync());

        _acks.Answer(ok: true);

        await Task.Delay(100);
        Assert.IsFalse(_stdout.Reader.TryRead(out _), "that answer was the first line's, late: the second is still unanswered");
        _acks.Answer(ok: true);
        Assert.AreEqual("announce route 10.0.0.3/32 next-hop 192.0.2.3\n", await ReadAsync());
        Assert.HasCount(1, _log.Entries.Where(e => e.EventId == 6001));
    }

    [TestMethod]
    public async Task RunAsync_LateErrorAfterTimeout_BlamesTheTimedOutCommand()
    {
        var refused = new RefusedChanges();
        var writer = Start(ack: true, refused.Add);
        writer.Enqueue([Announce("10.0.0.1", "192.0.2.1"), Announce("10.0.0.2", "192.0.2.2")]);
        await ReadAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        await ReadAsync();

        _acks.Answer(ok: false);

        Assert.AreEqual("exabgp refused command: announce route 10.0.0.1/32 next-hop 192.0.2.1", _log.Entries.Single(e => e.EventId == 6000).Message);
        CollectionAssert.AreEqual(new[] { "10.0.0.1/32" }, refused.Prefixes);
    }

    [TestMethod]
    public async Task RunAsync_GroupedLineRefused_ReportsEveryChangeItCarried()
    {
        var refused = new RefusedChanges();
        var writer = Start(ack: true, refused.Add);
        writer.Enqueue([Announce("10.0.0.1"), Announce("10.0.0.2"), Announce("10.0.0.3", "192.0.2.3")]);
        Assert.AreEqual("announce attributes next-hop self nlri 10.0.0.1/32 10.0.0.2/32\n", await ReadAsync());

        _acks.Answer(ok: false);
        await ReadAsync();
        _acks.Answer(ok: true);

        await WaitUntilAsync(() => writer.Queued == 0);
        CollectionAssert.AreEqual(new[] { "10.0.0.1/32", "10.0.0.2/32" }, refused.Prefixes);
    }

    [TestMethod]
    public async Task RunAsync_RefusedAnnounceEnqueuedAgain_IsWrittenAgain()
    {
        var writer = Start(ack: true);
        writer.Enqueue([Announce("10.0.0.1")]);
        await ReadAsync();
        _acks.Answer(ok: false);
        await WaitUntilAsync(() => writer.Queued == 0);

        writer.Enqueue([Announce("10.0.0.1"), Announce("10.0.0.2")]);

        Assert.AreEqual("announce attributes next-hop self nlri 10.0.0.1/32 10.0.0.2/32\n", await ReadAsync(), "ExaBGP does not have 10.0.0.1");
    }

    [TestMethod]
    public async Task RunAsync_AnswersAtRandomMoments_NeverMoreThanOneLineInFlight()
    {
        int most = 0;
        var stdout = new AnsweringStream(() =>
        {
            // Registered before the write: exactly this line is unanswered, or the pacing is broken.
            most = Math.Max(most, _acks.InFlight);
            _ = Task.Run(async () =>
            {
                await Task.Delay(Random.Shared.Next(2));
                _acks.Answer(ok: Random.Shared.Next(4) != 0);
            });
        });
        _acks = new AckTracker(_log);
        var writer = new ExaBgpWriter(stdout, _acks, new ExaBgpSettings { Ack = true }, _time, _log);
        _runTask = Task.Run(() => writer.RunAsync(_stop.Token));

        for (int i = 0; i < 60; i++)
        {
            writer.Enqueue([Announce($"10.0.0.{i}", $"192.0.2.{i}")]);
            await Task.Delay(Random.Shared.Next(2));
        }

        await WaitUntilAsync(() => writer.Queued == 0 && _acks.InFlight == 0);
        Assert.AreEqual(60, stdout.Writes, "one line a write, none lost");
        Assert.AreEqual(1, most);
    }

    [TestMethod]
    public async Task RunAsync_AckArrivesBeforeTheWriteReturns_IsNotMissed()
    {
        var stdout = new AnsweringStream(() => _acks.Answer(ok: true));
        _acks = new AckTracker(_log);
        var writer = new ExaBgpWriter(stdout, _acks, new ExaBgpSettings { Ack = true }, _time, _log);
        _runTask = Task.Run(() => writer.RunAsync(_stop.Token));

        writer.Enqueue([Announce("10.0.0.1", "192.0.2.1"), Announce("10.0.0.2", "192.0.2.2")]);

        await WaitUntilAsync(() => writer.Queued == 0);
        Assert.AreEqual(2, stdout.Writes);
        Assert.IsFalse(_log.Entries.Any(e => e.EventId == 6001), "no timeout: both answers were paired");
    }

    [TestMethod]
    public async Task RunAsync_AcksOff_WholeBatchInOneWrite()
    {
        var writer = Start(ack: false);
        writer.Enqueue([Announce("10.0.0.1", "192.0.2.1"), Announce("10.0.0.2", "192.0.2.2")]);

        var text = await ReadAsync();

        Assert.AreEqual("announce route 10.0.0.1/32 next-hop 192.0.2.1\nannounce route 10.0.0.2/32 next-hop 192.0.2.2\n", text);
    }

    [TestMethod]
    public async Task WriteBatch_LineWithControlCharacter_IsRefusedNotWritten()
    {
        _acks = new AckTracker(_log);
        var writer = new ExaBgpWriter(_stdout.Writer.AsStream(), _acks, new ExaBgpSettings { Ack = false }, _time, _log);

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() =>
            writer.WriteBatchAsync([new RouteCommand("announce route 10.0.0.1/32 next-hop self\nwithdraw route 10.0.0.0/8 next-hop self", [])], _stop.Token));

        Assert.IsFalse(_stdout.Reader.TryRead(out _));
    }

    [TestMethod]
    public async Task RunAsync_ChangesWhileALineIsInFlight_GoOutMergedAsTheirNetEffect()
    {
        var writer = Start(ack: true);
        writer.Enqueue([Announce("10.0.0.1")]);
        Assert.AreEqual("announce route 10.0.0.1/32 next-hop self\n", await ReadAsync());

        writer.Enqueue([Announce("10.0.0.2")]);
        writer.Enqueue([Announce("10.0.0.3")]);
        writer.Enqueue([Withdraw("10.0.0.2")]);
        writer.Enqueue([Withdraw("10.0.0.1")]);
        _acks.Answer(ok: true);

        Assert.AreEqual("announce route 10.0.0.3/32 next-hop self\n", await ReadAsync(), "10.0.0.2 came and went unwritten");
        _acks.Answer(ok: true);
        Assert.AreEqual("withdraw route 10.0.0.1/32 next-hop self\n", await ReadAsync());
        _acks.Answer(ok: true);
        await WaitUntilAsync(() => writer.Queued == 0);
    }

    [TestMethod]
    public async Task RunAsync_ManyChangesBacklogged_GroupedIntoFewLines()
    {
        var writer = Start(ack: true);
        writer.Enqueue([Announce("10.0.0.1")]);
        await ReadAsync();

        for (int i = 0; i < 100; i++)
        {
            writer.Enqueue([Announce($"10.0.1.{i}")]);
        }

        _acks.Answer(ok: true);
        var first = await ReadAsync();
        StringAssert.StartsWith(first, "announce attributes next-hop self nlri 10.0.1.0/32 10.0.1.1/32 ");
        Assert.AreEqual(48, first.Split(' ').Count(t => t.StartsWith("10.0.1.", StringComparison.Ordinal)));
        _acks.Answer(ok: true);
        await ReadAsync();
        _acks.Answer(ok: true);
        await ReadAsync();
        _acks.Answer(ok: true);
        await WaitUntilAsync(() => writer.Queued == 0);
    }

    [TestMethod]
    public async Task RunAsync_InheritedRouteWithdrawn_Written()
    {
        _acks = new AckTracker(_log);
        var writer = new ExaBgpWriter(_stdout.Writer.AsStream(), _acks, new ExaBgpSettings { Ack = false }, _time, _log);
        writer.Inherit([Route("10.0.0.9")]);
        _runTask = Task.Run(() => writer.RunAsync(_stop.Token));

        writer.Enqueue([Withdraw("10.0.0.9"), Withdraw("10.0.0.8")]);

        Assert.AreEqual("withdraw route 10.0.0.9/32 next-hop self\n", await ReadAsync(), "ExaBGP holds 10.0.0.9 from before; it never had 10.0.0.8");
    }

    private Task? _runTask;

    private ExaBgpWriter Start(bool ack, Action<IReadOnlyList<RouteChange>>? onRefused = null)
    {
        _acks = new AckTracker(_log);
        var writer = new ExaBgpWriter(_stdout.Writer.AsStream(), _acks, new ExaBgpSettings { Ack = ack }, _time, _log, onRefused);
        _runTask = Task.Run(() => writer.RunAsync(_stop.Token));
        return writer;
    }

    private static Route Route(string address) => new(HostPrefix.For(IPAddress.Parse(address)), new RouteAttributes { NextHop = NextHop.Self });

    private static RouteChange Announce(string address) => new(RouteChangeKind.Announce, Route(address));

    private static RouteChange Announce(string address, string nextHop) =>
        new(RouteChangeKind.Announce, new Route(HostPrefix.For(IPAddress.Parse(address)), new RouteAttributes { NextHop = new NextHop(IPAddress.Parse(nextHop)) }));

    private static RouteChange Withdraw(string address) => new(RouteChangeKind.Withdraw, Route(address));

    private async Task<string> ReadAsync()
    {
        var result = await _stdout.Reader.ReadAsync(_stop.Token);
        var text = Encoding.ASCII.GetString(result.Buffer.ToArray());
        _stdout.Reader.AdvanceTo(result.Buffer.End);
        return text;
    }

    /// <summary>What the writer reported refused, from whichever thread answered.</summary>
    private sealed class RefusedChanges
    {
        private readonly Lock _lock = new();
        private readonly List<RouteChange> _changes = [];

        public string[] Prefixes
        {
            get
            {
                lock (_lock)
                {
                    return [.. _changes.Select(c => c.Route.Prefix.ToString())];
                }
            }
        }

        public void Add(IReadOnlyList<RouteChange> changes)
        {
            lock (_lock)
            {
                _changes.AddRange(changes);
            }
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(5, _stop.Token);
        }
    }
}
