using ExaHealth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Runtime;

/// <summary>The disable file is noticed at once, not on the next interval (issue 14: a drain started up to one interval late).</summary>
[TestClass]
internal sealed class PluginRunnerMaintenanceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _log = new();

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task DisableFile_CreatedThenRemoved_NoticedWithoutWaitingForTheInterval()
    {
        string directory = Directory.CreateTempSubdirectory("exahealth-disable-").FullName;
        string file = Path.Combine(directory, "disable");
        var settings = RunnerHarness.AbsentSouthbound(directory, stateDirectory: null) with { DisableFile = file };
        await using var harness = new RunnerHarness(settings, _time, _log);
        Assert.IsTrue(await RunnerHarness.WaitAsync(() => _log.Entries.Any(e => e.EventId == 7000 || e.EventId == 1002)), "the runner is up");

        // Fake time stands still: only a watch on the file can notice it.
        await File.WriteAllTextAsync(file, string.Empty);
        Assert.IsTrue(await RunnerHarness.WaitAsync(() => _log.Entries.Any(e => e.EventId == 3010)), "maintenance on, within 5 s of real time");

        File.Delete(file);
        Assert.IsTrue(await RunnerHarness.WaitAsync(() => _log.Entries.Any(e => e.EventId == 3011)), "maintenance off");
    }
}
