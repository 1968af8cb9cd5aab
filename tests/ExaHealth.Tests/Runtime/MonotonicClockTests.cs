using ExaHealth.Runtime;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Runtime;

[TestClass]
internal sealed class MonotonicClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Now_WallClockSteppedBack_KeepsAdvancing()
    {
        var time = new SteppedWallClock(Start);
        var clock = new MonotonicClock(time);

        time.Advance(TimeSpan.FromSeconds(3));
        time.StepWall(TimeSpan.FromMinutes(-30));

        Assert.AreEqual(Start.AddSeconds(3), clock.Now);
    }

    [TestMethod]
    public void ToWall_AfterAStep_ShowsTheMomentOnTheWallClock()
    {
        var time = new SteppedWallClock(Start);
        var clock = new MonotonicClock(time);
        time.Advance(TimeSpan.FromSeconds(10));
        var decided = clock.Now;

        time.StepWall(TimeSpan.FromHours(1));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.AreEqual(Start.AddHours(1).AddSeconds(10), clock.ToWall(decided), "5 s before the wall clock's now");
    }
}
