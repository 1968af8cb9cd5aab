using System.IO.Pipes;
using System.Net;
using System.Text;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.State;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Runtime;

/// <summary>
/// Durations are measured on the monotonic clock (SPEC section 1): a step of the wall clock changes
/// no decision. The whole runner, with fake time, a Southbound that never answers and pipes for stdio.
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
        var settings = TestSettings.Create() with
        {
            Ovsdb = new OvsdbClientOptions { Remotes = [new OvsdbRemote(OvsdbRemoteKind.Unix, "", 0, Path.Combine(directory, "absent.sock"))] },
            DatabaseLoss = new DatabaseLossSettings(true, TimeSpan.FromSeconds(10)),
            ExaBgp = new ExaBgpSettings { Ack = false },
            State = new StateSettings { Directory = directory, StatusFile = null },
        };
        var inherited = new Route(HostPrefix.For(IPAddress.Parse("10.0.0.10")), settings.Routes.IPv4);
        var store = new AnnouncedStore(directory, _time, _log);
        store.BeforeSend([new RouteChange(RouteChangeKind.Announce, inherited)]);

        // The writing end is closed first: the end being read cannot be closed under a blocked read.
        var stdin = new AnonymousPipeServerStream(PipeDirection.Out);
        var stdinReader = new AnonymousPipeClientStream(PipeDirection.In, stdin.ClientSafePipeHandle);
        var stdout = new MemoryStream();
        using var runner = new PluginRunner(settings, stdinReader, stdout, _time, _log);
        var running = runner.RunAsync(TestContext.CancellationToken);
        try
        {
            await WallStepAsync(stdout);
        }
        finally
        {
            runner.RequestStop("test over");
            await stdin.DisposeAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10), TestContext.CancellationToken);
            await stdinReader.DisposeAsync();
        }
    }

    private async Task WallStepAsync(MemoryStream stdout)
    {
        await SecondsAsync(2);
        _time.StepWall(TimeSpan.FromHours(1));
        await SecondsAsync(3);
        Assert.AreEqual(string.Empty, Output(stdout), "5 s of 10 have passed, whatever the wall clock says");

        // The loop may lag behind fake time on a busy machine, which only delays the withdraw.
        int elapsed = 5;
        while (Output(stdout).Length == 0 && elapsed < 30)
        {
            await SecondsAsync(1);
            elapsed++;
            await WaitAsync(() => Output(stdout).Length > 0, attempts: elapsed >= 11 ? 8 : 1);
        }

        Assert.AreEqual("withdraw route 10.0.0.10/32 next-hop 192.0.2.10\n", Output(stdout));
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

    private async Task WaitAsync(Func<bool> condition, int attempts)
    {
        for (int i = 0; i < attempts && !condition(); i++)
        {
            await Task.Delay(25, TestContext.CancellationToken);
        }
    }

    private static string Output(MemoryStream stdout)
    {
        lock (stdout)
        {
            return Encoding.ASCII.GetString(stdout.ToArray());
        }
    }
}
