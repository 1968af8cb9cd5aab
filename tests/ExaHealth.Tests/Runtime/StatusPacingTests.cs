using ExaHealth.Runtime;

namespace ExaHealth.Tests.Runtime;

[TestClass]
internal sealed class StatusPacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 18, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Due_FirstWrite_AtOnce()
    {
        Assert.IsTrue(new StatusPacing().Due(changed: true, force: false, writing: false, commandsQueued: false, Interval, Start));
    }

    [TestMethod]
    public void Due_NothingChanged_OnlyOnceTheIntervalIsOver()
    {
        var pacing = Written(Start);

        Assert.IsFalse(pacing.Due(changed: false, force: false, writing: false, commandsQueued: false, Interval, Start + TimeSpan.FromSeconds(4)));
        Assert.IsTrue(pacing.Due(changed: false, force: false, writing: false, commandsQueued: false, Interval, Start + Interval));
    }

    [TestMethod]
    public void Due_ChangedOrForced_AtOnce()
    {
        var pacing = Written(Start);

        Assert.IsTrue(pacing.Due(changed: true, force: false, writing: false, commandsQueued: false, Interval, Start + TimeSpan.FromSeconds(1)));
        Assert.IsTrue(pacing.Due(changed: false, force: true, writing: false, commandsQueued: false, Interval, Start + TimeSpan.FromSeconds(1)));
    }

    [TestMethod]
    public void Due_AWriteStillGoing_Waits()
    {
        Assert.IsFalse(new StatusPacing().Due(changed: true, force: true, writing: true, commandsQueued: false, Interval, Start));
    }

    [TestMethod]
    [DataRow(false, DisplayName = "first write (the snapshot's 10,000 announces)")]
    [DataRow(true, DisplayName = "interval due")]
    public void Due_CommandsQueued_HeldUntilTheyAreOut(bool intervalDue)
    {
        var pacing = new StatusPacing();
        var now = Start;
        if (intervalDue)
        {
            pacing.Started(Interval, now);
            now += Interval;
        }

        Assert.IsFalse(pacing.Due(changed: true, force: true, writing: false, commandsQueued: true, Interval, now));
        Assert.IsFalse(pacing.Due(changed: true, force: true, writing: false, commandsQueued: true, Interval, now + TimeSpan.FromSeconds(1)));
        Assert.IsTrue(pacing.Due(changed: true, force: false, writing: false, commandsQueued: false, Interval, now + TimeSpan.FromSeconds(2)));
    }

    [TestMethod]
    public void Due_CommandsQueuedForAnInterval_WrittenAnyway()
    {
        // ExaBGP not answering: the status is what the operator reads then.
        var pacing = new StatusPacing();

        Assert.IsFalse(pacing.Due(changed: true, force: false, writing: false, commandsQueued: true, Interval, Start));
        Assert.IsFalse(pacing.Due(changed: true, force: false, writing: false, commandsQueued: true, Interval, Start + Interval - TimeSpan.FromMilliseconds(1)));
        Assert.IsTrue(pacing.Due(changed: true, force: false, writing: false, commandsQueued: true, Interval, Start + Interval));
    }

    [TestMethod]
    public void Due_HeldAgainAfterAWrite_CountsFromTheNewHold()
    {
        var pacing = new StatusPacing();
        pacing.Due(changed: true, force: false, writing: false, commandsQueued: true, Interval, Start);
        pacing.Started(Interval, Start + Interval);
        var later = Start + TimeSpan.FromSeconds(20);

        Assert.IsFalse(pacing.Due(changed: true, force: false, writing: false, commandsQueued: true, Interval, later));
        Assert.IsTrue(pacing.Due(changed: true, force: false, writing: false, commandsQueued: true, Interval, later + Interval));
    }

    private static StatusPacing Written(DateTimeOffset at)
    {
        var pacing = new StatusPacing();
        pacing.Started(Interval, at);
        return pacing;
    }
}
