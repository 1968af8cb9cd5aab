using System.Net;
using ExaHealth.Policy;
using ExaHealth.Runtime;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Runtime;

[TestClass]
internal sealed class DecisionLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 18, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Flush_ManyWhileCommandsGoOut_HeldUntilTheyAre()
    {
        var (log, lines) = Decided(10_000);

        log.Flush(commandsQueued: true, Start);
        log.Flush(commandsQueued: true, Start + TimeSpan.FromSeconds(1));
        Assert.AreEqual("10000 VIP state changes decided (10000 withdrawn); their lines follow once ExaBGP has the commands", lines.Entries.Single().Message);

        log.Flush(commandsQueued: false, Start + TimeSpan.FromSeconds(1.1));
        Assert.HasCount(10_001, lines.Entries);
        StringAssert.StartsWith(lines.Entries[1].Message, "vip 10.0.0.1/32 withdrawn: ");
    }

    [TestMethod]
    public void Flush_ManyWhileCommandsStayQueued_WrittenAfterTwoSeconds()
    {
        // ExaBGP not answering: what was decided is still said.
        var (log, lines) = Decided(1_000);

        log.Flush(commandsQueued: true, Start);
        log.Flush(commandsQueued: true, Start + TimeSpan.FromSeconds(1.9));
        Assert.HasCount(1, lines.Entries, "the 3020 line only");

        log.Flush(commandsQueued: true, Start + TimeSpan.FromSeconds(2));
        Assert.HasCount(1_001, lines.Entries);
    }

    [TestMethod]
    public void Flush_AFewWhileCommandsGoOut_WrittenAtOnce()
    {
        var (log, lines) = Decided(3);

        log.Flush(commandsQueued: true, Start);

        Assert.HasCount(3, lines.Entries);
    }

    [TestMethod]
    public void Flush_HeldAgainLater_CountsFromTheNewHold()
    {
        var (log, lines) = Decided(300);
        log.Flush(commandsQueued: true, Start);
        log.Flush(commandsQueued: false, Start + TimeSpan.FromSeconds(1));
        for (int i = 0; i < 300; i++)
        {
            log.Add(Withdrawn(i));
        }

        log.Flush(commandsQueued: true, Start + TimeSpan.FromSeconds(10));

        Assert.HasCount(302, lines.Entries, "the first batch and two 3020 lines: the second batch waits for its commands");
    }

    private static (DecisionLog Log, ListLogger Lines) Decided(int count)
    {
        var lines = new ListLogger();
        var log = new DecisionLog(lines);
        for (int i = 0; i < count; i++)
        {
            log.Add(Withdrawn(i));
        }

        return (log, lines);
    }

    private static VipDecision Withdrawn(int i) =>
        new(new IPAddress([10, 0, (byte)((i + 1) >> 8), (byte)(i + 1)]), RouteState.Announced, RouteState.Withdrawn, "0/2 backends online (all-offline)", null);
}
