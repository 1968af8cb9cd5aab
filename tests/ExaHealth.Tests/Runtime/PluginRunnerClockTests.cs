using System.Net;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.State;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Runtime;

/// <summary>
/// Durations are measured on the monotonic clock (SPEC section 1): a step of the wall clock changes
/// no decision. The whole runner, with fake time and a Southbound that never answers.
/// </summary>
[TestClass]
internal sealed class PluginRunnerClockTests
{
    private readonly SteppedWallClock _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _log = new();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task RunAsync_WallClockStepsForward_DatabaseLossGraceStillTenSeconds()
    {
        string directory = Directory.CreateTempSubdirectory("exahealth-clock-").FullName;
        var settings = RunnerHarness.AbsentSouthbound(directory, stateDirectory: directory) with
        {
            DatabaseLoss = new DatabaseLossSettings(true, TimeSpan.FromSeconds(10)),
        };
        var inherited = new Route(HostPrefix.For(IPAddress.Parse("10.0.0.10")), settings.Routes.IPv4);
        new AnnouncedStore(directory, _time, _log).BeforeSend([new RouteChange(RouteChangeKind.Announce, inherited)]);
        await using var harness = new RunnerHarness(settings, _time, _log);

        await SecondsAsync(2);
        _time.StepWall(TimeSpan.FromHours(1));
        await SecondsAsync(3);
        Assert.AreEqual(string.Empty, harness.Output, "5 s of 10 have passed, whatever the wall clock says");

        // The loop may lag behind fake time on a busy machine, which only delays the withdraw.
        int elapsed = 5;
        while (harness.Output.Length == 0 && elapsed < 30)
        {
            await SecondsAsync(1);
            elapsed++;
            await RunnerHarness.WaitAsync(() => harness.Output.Length > 0, attempts: elapsed >= 11 ? 8 : 1);
        }

        Assert.AreEqual("withdraw route 10.0.0.10/32 next-hop 192.0.2.10\n", harness.Output);
        Assert.IsGreaterThanOrEqualTo(11, elapsed, "the grace counted from the first housekeeping, 1 s after start");
    }

    /// <summary>Fake seconds, one at a time, each given a moment to reach the runner's loop.</summary>
    private async Task SecondsAsync(int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50, TestContext.CancellationToken);
        }
    }
}
