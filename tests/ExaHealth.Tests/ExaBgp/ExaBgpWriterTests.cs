using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ExaHealth.ExaBgp;
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
        writer.Enqueue(["announce route 10.0.0.1/32 next-hop self", "announce route 10.0.0.2/32 next-hop self"]);

        Assert.AreEqual("announce route 10.0.0.1/32 next-hop self\n", await ReadAsync());
        await Task.Delay(100);
        Assert.IsFalse(_stdout.Reader.TryRead(out _), "the second line waits for the ack");

        _acks.Answer(ok: true);
        Assert.AreEqual("announce route 10.0.0.2/32 next-hop self\n", await ReadAsync());
        _acks.Answer(ok: true);
        await WaitUntilAsync(() => writer.Queued == 0);
    }

    [TestMethod]
    public async Task RunAsync_ErrorAck_LogsTheRefusedCommand()
    {
        var writer = Start(ack: true);
        writer.Enqueue(["announce route 10.0.0.1/32 next-hop self"]);
        await ReadAsync();

        _acks.Answer(ok: false);

        await WaitUntilAsync(() => writer.Queued == 0);
        Assert.AreEqual("exabgp refused command: announce route 10.0.0.1/32 next-hop self", _log.Entries.Single(e => e.EventId == 6000).Message);
    }

    [TestMethod]
    public async Task RunAsync_NoAckWithinTimeout_LogsAndGoesOn()
    {
        var writer = Start(ack: true);
        writer.Enqueue(["withdraw route 10.0.0.1/32 next-hop self", "withdraw route 10.0.0.2/32 next-hop self"]);
        await ReadAsync();

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.AreEqual("withdraw route 10.0.0.2/32 next-hop self\n", await ReadAsync());
        StringAssert.Contains(_log.Entries.Single(e => e.EventId == 6001).Message, "withdraw route 10.0.0.1/32");
    }

    [TestMethod]
    public async Task RunAsync_AckNeverComes_LaterCommandsAreNotDelayed()
    {
        var writer = Start(ack: true);
        writer.Enqueue(["announce route 10.0.0.1/32 next-hop self", "announce route 10.0.0.2/32 next-hop self", "announce route 10.0.0.3/32 next-hop self"]);
        await ReadAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.AreEqual("announce route 10.0.0.2/32 next-hop self\n", await ReadAsync());

        _acks.Answer(ok: true);

        Assert.AreEqual("announce route 10.0.0.3/32 next-hop self\n", await ReadAsync(), "the answer to the second is not waited for again");
        Assert.HasCount(1, _log.Entries.Where(e => e.EventId == 6001));
    }

    [TestMethod]
    public async Task RunAsync_AckArrivesBeforeTheWriteReturns_IsNotMissed()
    {
        var stdout = new AnsweringStream(() => _acks.Answer(ok: true));
        _acks = new AckTracker(_log);
        var writer = new ExaBgpWriter(stdout, _acks, new ExaBgpSettings { Ack = true }, _time, _log);
        _runTask = Task.Run(() => writer.RunAsync(_stop.Token));

        writer.Enqueue(["announce route 10.0.0.1/32 next-hop self", "announce route 10.0.0.2/32 next-hop self"]);

        await WaitUntilAsync(() => writer.Queued == 0);
        Assert.AreEqual(2, stdout.Writes);
        Assert.IsFalse(_log.Entries.Any(e => e.EventId == 6001), "no timeout: both answers were paired");
    }

    [TestMethod]
    public async Task RunAsync_AcksOff_WholeBatchInOneWrite()
    {
        var writer = Start(ack: false);
        writer.Enqueue(["announce route 10.0.0.1/32 next-hop self", "announce route 10.0.0.2/32 next-hop self"]);

        var text = await ReadAsync();

        Assert.AreEqual("announce route 10.0.0.1/32 next-hop self\nannounce route 10.0.0.2/32 next-hop self\n", text);
    }

    [TestMethod]
    public async Task RunAsync_LineWithControlCharacter_IsRefusedNotWritten()
    {
        var writer = Start(ack: false);
        writer.Enqueue(["announce route 10.0.0.1/32 next-hop self\nwithdraw route 10.0.0.0/8 next-hop self"]);

        await WaitUntilAsync(() => _runTask!.IsCompleted);
        Assert.IsInstanceOfType<InvalidOperationException>(_runTask!.Exception?.InnerException);
        Assert.IsFalse(_stdout.Reader.TryRead(out _));
    }

    private Task? _runTask;

    private ExaBgpWriter Start(bool ack)
    {
        _acks = new AckTracker(_log);
        var writer = new ExaBgpWriter(_stdout.Writer.AsStream(), _acks, new ExaBgpSettings { Ack = ack }, _time, _log);
        _runTask = Task.Run(() => writer.RunAsync(_stop.Token));
        return writer;
    }

    private async Task<string> ReadAsync()
    {
        var result = await _stdout.Reader.ReadAsync(_stop.Token);
        var text = Encoding.ASCII.GetString(result.Buffer.ToArray());
        _stdout.Reader.AdvanceTo(result.Buffer.End);
        return text;
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(5, _stop.Token);
        }
    }
}
