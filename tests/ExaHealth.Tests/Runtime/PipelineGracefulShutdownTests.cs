using System.Net;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Runtime;

/// <summary>
/// routes.gracefulShutdown (RFC 8326): a planned withdraw (the disable file, withdrawOnExit) first
/// re-announces with GRACEFUL_SHUTDOWN and withdraws after the seconds; a health withdraw is immediate.
/// </summary>
[TestClass]
internal sealed class PipelineGracefulShutdownTests
{
    private const string Normal = "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp";
    private const string Draining = "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp local-preference 0 community [65535:0]";
    private const string Withdraw = "withdraw route 10.0.0.10/32 next-hop 192.0.2.10";
    private static readonly OvsdbRemote SbRemote = new(OvsdbRemoteKind.Unix, "", 0, "/tmp/sb.sock");
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(30);
    private static readonly IPNetwork Prefix = HostPrefix.For(IPAddress.Parse("10.0.0.10"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _log = new();
    private readonly OvnRows _lb = OvnRows.Create(1, "10.0.0.10:80", "10.10.10.226:80", "10.10.10.227:80");

    private DateTimeOffset Now => _time.GetUtcNow();

    [TestMethod]
    public void DisableFile_DrainsThenWithdrawsAfterTheSeconds()
    {
        var pipeline = Synced();

        CollectionAssert.AreEqual(new[] { Draining }, Lines(pipeline.SetMaintenance(true, Now)));
        Assert.AreEqual(Seconds, pipeline.DrainLeft(Prefix, Now), "shown in the status");
        Assert.AreEqual(Now + Seconds, pipeline.NextDue(), "the tick is armed for the withdraw");
        StringAssert.Contains(string.Join('\n', _log.Messages), "graceful shutdown: 1 routes announced with the GRACEFUL_SHUTDOWN community, withdrawn in 30 s");

        _time.Advance(Seconds - TimeSpan.FromMilliseconds(1));
        Assert.IsEmpty(pipeline.OnTick(Now));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        CollectionAssert.AreEqual(new[] { Withdraw }, Lines(pipeline.OnTick(Now)));
        Assert.IsNull(pipeline.DrainLeft(Prefix, Now));

        _time.Advance(Seconds);
        Assert.IsEmpty(pipeline.OnTick(Now), "not drained again while the file stays");
        CollectionAssert.AreEqual(new[] { Normal }, Lines(pipeline.SetMaintenance(false, Now)));
    }

    [TestMethod]
    public void DisableFile_RemovedWhileDraining_CancelledWithTheNormalAttributes()
    {
        var pipeline = Synced();
        pipeline.SetMaintenance(true, Now);
        _time.Advance(TimeSpan.FromSeconds(10));

        CollectionAssert.AreEqual(new[] { Normal }, Lines(pipeline.SetMaintenance(false, Now)));
        _time.Advance(Seconds);
        Assert.IsEmpty(pipeline.OnTick(Now), "the cancelled drain withdraws nothing");
        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix));
    }

    [TestMethod]
    public void BackendsDieWhileDraining_WithdrawnAtOnce()
    {
        var pipeline = Synced();
        pipeline.SetMaintenance(true, Now);
        _time.Advance(TimeSpan.FromSeconds(5));

        CollectionAssert.AreEqual(new[] { Withdraw }, Lines(pipeline.OnUpdate(AllOffline(), Now)), "nothing left to drain");
        Assert.IsNull(pipeline.DrainLeft(Prefix, Now));
    }

    [TestMethod]
    public void BackendsDie_WithoutAPlannedReason_WithdrawnAtOnce()
    {
        var pipeline = Synced();

        CollectionAssert.AreEqual(new[] { Withdraw }, Lines(pipeline.OnUpdate(AllOffline(), Now)));
    }

    [TestMethod]
    public void ReloadExcludesTheBalancer_DrainedThenWithdrawn_BackWhenSelectedAgain()
    {
        var pipeline = Synced();
        var settings = pipeline.Settings;

        var (changes, resubscribe) = pipeline.Reconfigure(settings with { LoadBalancerPatterns = ["other-*"] }, Now);
        Assert.IsTrue(resubscribe);
        CollectionAssert.AreEqual(new[] { Draining }, Lines(changes), "a planned withdraw: drained first");
        Assert.IsEmpty(pipeline.OnSnapshot(Snapshot(), Now), "the new snapshot no longer selects it: still draining");
        Assert.AreEqual("no longer selected by routes.loadBalancers", pipeline.DrainReason(Prefix));

        _time.Advance(Seconds);
        CollectionAssert.AreEqual(new[] { Withdraw }, Lines(pipeline.OnTick(Now)));

        var (back, _) = pipeline.Reconfigure(settings, Now);
        Assert.IsEmpty(back, "held until the new snapshot");
        CollectionAssert.AreEqual(new[] { Normal }, Lines(pipeline.OnSnapshot(Snapshot(), Now)), "selected again: watched and announced as before");
    }

    [TestMethod]
    public void ReloadNarrowsAllowedPrefixes_WithdrawnAtOnceNeverDrained()
    {
        var pipeline = Synced();
        var settings = pipeline.Settings;

        var (changes, _) = pipeline.Reconfigure(settings with
        {
            LoadBalancerPatterns = ["other-*"],
            Routes = settings.Routes with { AllowedPrefixes = [IPNetwork.Parse("10.9.0.0/24")] },
        }, Now);

        CollectionAssert.Contains(Lines(changes), Withdraw, "nothing is ever announced outside allowedPrefixes, not even to drain");
    }

    [TestMethod]
    public void DrainAll_OnExit_EveryRouteAnnouncedWithTheCommunityThenWithdrawAll()
    {
        var pipeline = Synced();

        CollectionAssert.AreEqual(new[] { Draining }, Lines(pipeline.DrainAll()));
        var withdraws = Lines(pipeline.WithdrawAll());
        CollectionAssert.AreEqual(new[] { Withdraw }, withdraws, string.Join(" | ", withdraws));
    }

    private Pipeline Synced()
    {
        var settings = TestSettings.Create();
        settings = settings with
        {
            Routes = settings.Routes with { GracefulShutdown = new GracefulShutdownSettings(Seconds, Community.GracefulShutdown, 0) },
        };
        var pipeline = new Pipeline(settings, _log);
        var lines = Lines(pipeline.OnSnapshot(Snapshot(), Now));
        CollectionAssert.AreEqual(new[] { Normal }, lines);
        return pipeline;
    }

    private OvsdbSnapshot Snapshot() => new(SbRemote, OvnRows.Southbound(
        new TableUpdate(SouthboundSchema.LoadBalancer, [_lb.SbBalancerRow()]),
        new TableUpdate(SouthboundSchema.ServiceMonitor, [_lb.MonitorRow(0, "online"), _lb.MonitorRow(1, "online")])), TimeSpan.Zero);

    private OvsdbUpdate AllOffline() => new(OvnRows.Southbound(
        new TableUpdate(SouthboundSchema.ServiceMonitor, [_lb.StatusChange(0, "offline"), _lb.StatusChange(1, "offline")])));

    private static List<string> Lines(List<RouteChange> changes) => CommandFormatter.Format(changes);
}
