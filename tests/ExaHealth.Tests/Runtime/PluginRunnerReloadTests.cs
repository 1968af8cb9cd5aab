using System.Net;
using ExaHealth.Routes;
using ExaHealth.State;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Runtime;

/// <summary>Every setting reloads (SPEC section 1), state.directory included.</summary>
[TestClass]
internal sealed class PluginRunnerReloadTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _log = new();

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task Reload_StateDirectoryChanged_TheNewDirectoryHoldsWhatIsAnnounced()
    {
        string first = Directory.CreateTempSubdirectory("exahealth-state-a-").FullName;
        string second = Directory.CreateTempSubdirectory("exahealth-state-b-").FullName;
        var settings = RunnerHarness.AbsentSouthbound(first, stateDirectory: first);
        var inherited = new Route(HostPrefix.For(IPAddress.Parse("10.0.0.10")), settings.Routes.IPv4);
        new AnnouncedStore(first, _time, _log).BeforeSend([new RouteChange(RouteChangeKind.Announce, inherited)]);
        var next = settings with { State = settings.State with { Directory = second } };
        await using var harness = new RunnerHarness(settings, _time, _log, reload: () => next);

        harness.Runner.RequestReload();
        Assert.IsTrue(await RunnerHarness.WaitAsync(() => _log.Messages.Any(m => m.Contains("reloaded", StringComparison.OrdinalIgnoreCase))), "the reload was applied");

        var moved = new AnnouncedStore(second, _time, _log).Load();
        Assert.AreEqual(inherited.Prefix, moved.Single().Prefix, "a restart now reads the new directory: it must know what ExaBGP holds");
    }
}
