using System.Text;
using ExaHealth.ExaBgp;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.ExaBgp;

[TestClass]
internal sealed class ExaBgpReaderTests
{
    [TestMethod]
    public async Task RunAsync_LinesThenEof_DispatchesEachAndReturns()
    {
        var inputs = await ReadAllAsync("done\nerror\n\nneighbor 127.0.0.3 up\n");

        CollectionAssert.AreEqual(
            new[] { ExaBgpInputKind.Done, ExaBgpInputKind.Error, ExaBgpInputKind.Blank, ExaBgpInputKind.NeighborUp },
            inputs.Select(i => i.Kind).ToArray());
    }

    [TestMethod]
    public async Task RunAsync_LineSplitAcrossReads_IsOneLine()
    {
        var stream = new ChunkedStream([Encoding.ASCII.GetBytes("do"), Encoding.ASCII.GetBytes("ne\ner"), Encoding.ASCII.GetBytes("ror\n")]);
        var inputs = new List<ExaBgpInput>();

        await new ExaBgpReader(stream, inputs.Add, new ListLogger()).RunAsync(CancellationToken.None);

        CollectionAssert.AreEqual(new[] { ExaBgpInputKind.Done, ExaBgpInputKind.Error }, inputs.Select(i => i.Kind).ToArray());
    }

    [TestMethod]
    public async Task RunAsync_OverlongLine_IsDiscardedAndReadingGoesOn()
    {
        var log = new ListLogger();
        var text = new string('x', ExaBgpReader.MaxLineBytes * 3) + "\ndone\n";

        var inputs = await ReadAllAsync(text, log);

        CollectionAssert.AreEqual(new[] { ExaBgpInputKind.Done }, inputs.Select(i => i.Kind).ToArray());
        Assert.HasCount(1, log.Entries.Where(e => e.EventId == 6006));
    }

    [TestMethod]
    public async Task RunAsync_ManyAcks_AreAllCounted()
    {
        var inputs = await ReadAllAsync(string.Concat(Enumerable.Repeat("done\n", 100_000)));

        Assert.HasCount(100_000, inputs);
    }

    [TestMethod]
    public async Task RunAsync_LongLineAcrossManyReads_IsOneLineAndTheNextFollows()
    {
        // Longer than one read's room (16 KiB), shorter than the limit: the kept part grows.
        string json = "{\"pad\": \"" + new string('p', 40_000) + "\"}";
        var bytes = Encoding.ASCII.GetBytes(json + "\ndone\n");
        var stream = new ChunkedStream([.. bytes.Chunk(7_000)]);
        var inputs = new List<ExaBgpInput>();

        await new ExaBgpReader(stream, inputs.Add, new ListLogger()).RunAsync(CancellationToken.None);

        CollectionAssert.AreEqual(new[] { ExaBgpInputKind.Other, ExaBgpInputKind.Done }, inputs.Select(i => i.Kind).ToArray());
    }

    [TestMethod]
    public async Task RunAsync_ReadsOnAThreadOfItsOwn_NotAPoolThread()
    {
        // A pipe read blocks: on a pool thread it would starve the writer's next line on a 2-core host.
        var threads = new List<(bool Pool, string? Name)>();
        var reader = new ExaBgpReader(new MemoryStream("done\n"u8.ToArray()), _ => threads.Add((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name)), new ListLogger());

        await reader.RunAsync(CancellationToken.None);

        CollectionAssert.AreEqual(new[] { (false, (string?)"exabgp-stdin") }, threads);
    }

    private static async Task<List<ExaBgpInput>> ReadAllAsync(string text, ListLogger? log = null)
    {
        var inputs = new List<ExaBgpInput>();
        var reader = new ExaBgpReader(new MemoryStream(Encoding.ASCII.GetBytes(text)), inputs.Add, log ?? new ListLogger());
        await reader.RunAsync(CancellationToken.None);
        return inputs;
    }
}
