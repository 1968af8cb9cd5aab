using System.Net;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

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
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(30);
    private static readonly IPNetwork Prefix = HostPrefix.For(IPAddress.Parse("10.0.0.10"));
    private readonly PipelineFixture _fixture = new();
    private readonly OvnRows _lb = OvnRows.Create(1, "10.0.0.10:80", "10.10.10.226:80", "10.10.10.227:80");

    [TestMethod]
    public void DisableFile_DrainsThenWithdrawsAfterTheSeconds()
    {
        var pipeline = Synced();

        CollectionAssert.AreEqual(new[] { Draining }, Lines(pipeline.SetMaintenance(true, _fixture.Now)));
        Assert.AreEqual(Seconds, pipeline.DrainLeft(Prefix, _fixture.Now), "shown in the status");
        Assert.AreEqual(_fixture.Now + Seconds, pipeline.NextDue(), "the tick is armed for the withdraw");
        StringAssert.Contains(string.Join('\n', _fixture.Log.Messages), "graceful shutdown: 1 routes announced with the GRACEFUL_SHUTDOWN community, withdrawn in 30 s");

        _fixture.Time.Advance(Seconds - TimeSpan.FromMilliseconds(1));
        Assert.IsEmpty(pipeline.OnTick(_fixture.Now));
        _fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        CollectionAssert.AreEqual(new[] { Withdraw }, Lines(pipeline.OnTick(_fixture.Now)));
        Assert.IsNull(pipeline.DrainLeft(Prefix, _fixture.Now));

        _fixture.Time.Advance(Seconds);
        Assert.IsEmpty(pipeline.OnTick(_fixture.Now), "not drained again while the file stays");
        CollectionAssert.AreEqual(new[] { Normal }, Lines(pipeline.SetMaintenance(false, _fixture.Now)));
    }

    [TestMethod]
    public void DisableFile_RemovedWhileDraining_CancelledWithTheNormalAttributes()
    {
        var pipeline = Synced();
        pipeline.SetMaintenance(true, _fixture.Now);
        _fixture.Time.Advance(TimeSpan.FromSeconds(10));

        CollectionAssert.AreEqual(new[] { Normal }, Lines(pipeline.SetMaintenance(false, _fixture.Now)));
        _fixture.Time.Advance(Seconds);
        Assert.IsEmpty(pipeline.OnTick(_fixture.Now), "the cancelled drain withdraws nothing");
        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix));
    }

    [TestMethod]
    public void BackendsDieWhileDraining_WithdrawnAtOnce()
    {
        var pipeline = Synced();
        pipeline.SetMaintenance(true, _fixture.Now);
        _fixture.Time.Advance(TimeSpan.FromSeconds(5));

        CollectionAssert.AreEqual(new[] { Withdraw }, Lines(pipeline.OnUpdate(AllOffline(), _fixture.Now)), "nothing left to drain");
        Assert.IsNull(pipeline.DrainLeft(Prefix, _fixture.Now));
    }

    [TestMethod]
    public void BackendsDie_WithoutAPlannedReason_WithdrawnAtOnce()
    {
        var pipeline = Synced();

        CollectionAssert.AreEqual(new[] { Withdraw }, Lines(pipeline.OnUpdate(AllOffline(), _fixture.Now)));
    }

    [TestMethod]
    public void ReloadExcludesTheBalancer_DrainedThenWithdrawn_BackWhenSelectedAgain()
    {
        var pipeline = Synced();
        var settings = pipeline.Settings;

        var (changes, resubscribe) = pipeline.Reconfigure(settings with { LoadBalancerPatterns = ["other-*"] }, _fixture.Now);
        Assert.IsTrue(resubscribe);
        CollectionAssert.AreEqual(new[] { Draining }, Lines(changes), "a planned withdraw: drained first");
        Assert.IsEmpty(pipeline.OnSnapshot(Snapshot(), _fixture.Now), "the new snapshot no longer selects it: still draining");
        Assert.AreEqual("no longer selected by routes.loadBalancers", pipeline.DrainReason(Prefix));

        _fixture.Time.Advance(Seconds);
        CollectionAssert.AreEqual(new[] { Withdraw }, Lines(pipeline.OnTick(_fixture.Now)));

        var (back, _) = pipeline.Reconfigure(settings, _fixture.Now);
        Assert.IsEmpty(back, "held until the new snapshot");
        CollectionAssert.AreEqual(new[] { Normal }, Lines(pipeline.OnSnapshot(Snapshot(), _fixture.Now)), "selected again: watched and announced as before");
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
        }, _fixture.Now);

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
        var pipeline = _fixture.Create(settings);
        var lines = Lines(pipeline.OnSnapshot(Snapshot(), _fixture.Now));
        CollectionAssert.AreEqual(new[] { Normal }, lines);
        return pipeline;
    }

    private OvsdbSnapshot Snapshot() => new(SbRemote, OvnRows.Southbound(
        new TableUpdate(SouthboundSchema.LoadBalancer, [_lb.SbBalancerRow()]),
        new TableUpdate(SouthboundSchema.ServiceMonitor, [_lb.MonitorRow(0, "online"), _lb.MonitorRow(1, "online")])), TimeSpan.Zero);

    private OvsdbUpdate AllOffline() => new(OvnRows.Southbound(
        new TableUpdate(SouthboundSchema.ServiceMonitor, [_lb.StatusChange(0, "offline"), _lb.StatusChange(1, "offline")])));
}
