using System.Net;
using ExaHealth.Northbound;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Runtime;

/// <summary>
/// The Northbound refines, it never gates (SPEC section 2): resumes keep what the NB said, an NB
/// snapshot reaches a replica still being streamed, and the first decision waits for the NB at most
/// <see cref="Pipeline.NorthboundFirstWait"/>.
/// </summary>
[TestClass]
internal sealed class PipelineNorthboundTests
{
    private const string Withdraw10 = "withdraw route 10.0.0.10/32 next-hop 192.0.2.10";
    private readonly PipelineFixture _fixture = new();

    // 10.0.0.10: checked in the NB, two backends with rows. 10.0.0.12: checked, no ip_port_mappings, so no rows.
    private readonly OvnRows _checked = OvnRows.Create(1, "10.0.0.10:80", "10.10.10.226:80", "10.10.10.227:80");
    private readonly OvnRows _unmapped = OvnRows.Create(2, "10.0.0.12:80", "10.10.10.230:80");

    [TestMethod]
    public void OnNorthbound_ResumedAfterReconnect_KeepsEveryHealthCheck()
    {
        var pipeline = BothSynced();

        pipeline.OnNorthbound(new OvsdbDisconnected(NbRemote, "connection reset", TimeSpan.FromSeconds(1)), _fixture.Now);
        pipeline.OnNorthbound(new OvsdbSnapshot(NbRemote, OvnRows.Northbound(), TimeSpan.Zero, Resumed: true), _fixture.Now);
        var lines = Lines(pipeline.OnUpdate(new OvsdbUpdate(OvnRows.Southbound(
            new TableUpdate(SouthboundSchema.ServiceMonitor, [_checked.StatusChange(0, "offline"), _checked.StatusChange(1, "offline")]))), _fixture.Now));

        CollectionAssert.AreEqual(new[] { Withdraw10 }, lines, "the resumed NB still says 10.0.0.10 is checked");
        Assert.IsFalse(pipeline.Routes.IsAnnounced(Prefix("10.0.0.12")), "and 10.0.0.12 has no backend OVN forwards to");
    }

    [TestMethod]
    public void OnNorthbound_SnapshotWhileSouthboundStreams_ReachesTheStagedReplica()
    {
        var pipeline = NewPipeline();
        pipeline.OnSnapshotPart(new OvsdbSnapshotPart(SbRows(online: true).Check()));
        pipeline.OnNorthbound(NbSnapshot(), _fixture.Now);
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, OvnRows.Southbound(), TimeSpan.Zero, StreamedRows: new RowCounts(TestUpdates.Request)), _fixture.Now);

        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix("10.0.0.10")));
        Assert.IsFalse(pipeline.Routes.IsAnnounced(Prefix("10.0.0.12")), "checked without mappings: OVN forwards to no backend");
        var lines = Lines(pipeline.OnUpdate(new OvsdbUpdate(OvnRows.Southbound(
            new TableUpdate(SouthboundSchema.ServiceMonitor, [_checked.StatusChange(0, "offline"), _checked.StatusChange(1, "offline")]))), _fixture.Now));
        CollectionAssert.AreEqual(new[] { Withdraw10 }, lines, "rows parsed before the NB snapshot are checked too");
    }

    [TestMethod]
    public void OnSnapshot_NorthboundNeverSynced_DecidesFromTheSouthboundAloneAfterTheWait()
    {
        var pipeline = NewPipeline();
        pipeline.Inherit([new Route(Prefix("10.0.0.99"), TestSettings.Create().Routes.IPv4)]);

        Assert.IsEmpty(pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: true), TimeSpan.Zero), _fixture.Now),
            "a Northbound that may still answer is given a moment: announcing 10.0.0.12 now would flap it");
        _fixture.Time.Advance(Pipeline.NorthboundFirstWait - TimeSpan.FromMilliseconds(1));
        Assert.IsEmpty(pipeline.OnHousekeeping(_fixture.Now));
        Assert.IsFalse(pipeline.Synced);
        _fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        var lines = Lines(pipeline.OnHousekeeping(_fixture.Now));

        Assert.IsTrue(pipeline.Synced, "the NB does not gate decisions for longer than the wait");
        CollectionAssert.Contains(lines, "withdraw route 10.0.0.99/32 next-hop 192.0.2.10", "an inherited route no longer in OVN leaves");
        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix("10.0.0.10")));
        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix("10.0.0.12")), "without the NB, a VIP without rows is unmonitored: announced");
        Assert.IsNotNull(pipeline.NorthboundIgnored, "said in the status");
        Assert.IsTrue(_fixture.Log.Messages.Any(m => m.Contains("southbound alone", StringComparison.Ordinal)), "said in the log");
    }

    [TestMethod]
    public void OnNorthbound_AnswersWithinTheFirstWait_TheFirstDecisionIsAlreadyRefined()
    {
        var pipeline = NewPipeline();
        Assert.IsEmpty(pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: true), TimeSpan.Zero), _fixture.Now));
        _fixture.Time.Advance(TimeSpan.FromMilliseconds(300));

        var lines = Lines(pipeline.OnNorthbound(NbSnapshot(), _fixture.Now));

        Assert.IsTrue(pipeline.Synced);
        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp" }, lines,
            "10.0.0.12 (checked, no rows) is never announced, so never withdrawn");
        Assert.IsEmpty(pipeline.OnHousekeeping(_fixture.Now + Pipeline.NorthboundFirstWait), "decided once");
    }

    [TestMethod]
    public void OnNorthbound_UnreachableDuringTheFirstWait_DecidesFromTheSouthboundAtOnce()
    {
        var pipeline = NewPipeline();
        Assert.IsEmpty(pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: true), TimeSpan.Zero), _fixture.Now));

        var lines = Lines(pipeline.OnNorthbound(new OvsdbDisconnected(NbRemote, "connection refused", TimeSpan.FromSeconds(1)), _fixture.Now));

        Assert.IsTrue(pipeline.Synced, "nothing is waited for once the NB is known to be away");
        CollectionAssert.AreEqual(new[] { "announce attributes next-hop 192.0.2.10 origin igp nlri 10.0.0.10/32 10.0.0.12/32" }, lines,
            "from the Southbound alone, 10.0.0.12 has no rows: unmonitored, announced");
    }

    [TestMethod]
    public void OnNorthbound_SyncsLater_RefinesTheDecision()
    {
        var pipeline = NewPipeline();
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: true), TimeSpan.Zero), _fixture.Now);
        _fixture.Time.Advance(Pipeline.NorthboundFirstWait);
        pipeline.OnHousekeeping(_fixture.Now);
        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix("10.0.0.12")), "without the NB a VIP without rows is unmonitored: announced");

        var lines = Lines(pipeline.OnNorthbound(NbSnapshot(), _fixture.Now));

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.12/32 next-hop 192.0.2.10" }, lines);
        Assert.IsNull(pipeline.NorthboundIgnored);
    }

    [TestMethod]
    public void OnHousekeeping_SouthboundNeverAnswersAfterRestart_InheritedRoutesWithdrawnAfterGrace()
    {
        var settings = TestSettings.Create() with { DatabaseLoss = new DatabaseLossSettings(true, TimeSpan.FromSeconds(10)) };
        var pipeline = _fixture.Create(settings);
        pipeline.Inherit([new Route(Prefix("10.0.0.10"), settings.Routes.IPv4)]);
        Assert.IsEmpty(pipeline.OnHousekeeping(_fixture.Now), "the first housekeeping, at process start");

        _fixture.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.IsEmpty(pipeline.OnHousekeeping(_fixture.Now));
        _fixture.Time.Advance(TimeSpan.FromSeconds(1));

        CollectionAssert.AreEqual(new[] { Withdraw10 }, Lines(pipeline.OnHousekeeping(_fixture.Now)), "the loss clock started at process start");
    }

    [TestMethod]
    public void Reconfigure_NarrowedAllowListWithNewRemote_WithdrawnAtOnce()
    {
        var pipeline = NewPipeline(northbound: false);
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: true), TimeSpan.Zero), _fixture.Now);
        var next = pipeline.Settings with
        {
            Ovsdb = new OvsdbClientOptions { Remotes = [new OvsdbRemote(OvsdbRemoteKind.Unix, "", 0, "/tmp/other.sock")] },
            Routes = pipeline.Settings.Routes with { AllowedPrefixes = [IPNetwork.Parse("10.0.0.12/32")] },
        };

        var (changes, resubscribe) = pipeline.Reconfigure(next, _fixture.Now);

        Assert.IsTrue(resubscribe);
        CollectionAssert.AreEqual(new[] { Withdraw10 }, Lines(changes));
        Assert.IsEmpty(Lines(pipeline.OnNeighborUp(IPAddress.Parse("127.0.0.3"))).Where(l => l.Contains("10.0.0.10", StringComparison.Ordinal)).ToList(),
            "a peer coming up meanwhile gets nothing outside the allow-list");
    }

    [TestMethod]
    public void OnNorthbound_CheckAddedBeforeNorthdWritesRows_NothingChangesUntilTheRows()
    {
        var pipeline = NewPipeline();
        pipeline.OnNorthbound(new OvsdbSnapshot(NbRemote, OvnRows.Northbound(
            new TableUpdate(NorthboundSchema.LoadBalancer, [_checked.NbBalancerRow(check: false)])), TimeSpan.Zero), _fixture.Now);
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, OvnRows.Southbound(
            new TableUpdate(SouthboundSchema.LoadBalancer, [_checked.SbBalancerRow()])), TimeSpan.Zero), _fixture.Now);
        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix("10.0.0.10")), "not checked: OVN forwards to both backends");

        var added = Lines(pipeline.OnNorthbound(new OvsdbUpdate(OvnRows.Northbound(
            new TableUpdate(NorthboundSchema.HealthCheck, [_checked.CheckRow(RowChangeKind.Insert)]),
            new TableUpdate(NorthboundSchema.LoadBalancer, [ToggleCheck(_checked)]))), _fixture.Now));
        Assert.IsEmpty(added, "until ovn-northd writes the Service_Monitor rows, OVN forwards as before");

        var rows = Lines(pipeline.OnUpdate(new OvsdbUpdate(OvnRows.Southbound(
            new TableUpdate(SouthboundSchema.ServiceMonitor, [_checked.MonitorRow(0, null, RowChangeKind.Insert), _checked.MonitorRow(1, null, RowChangeKind.Insert)]))), _fixture.Now));
        Assert.IsEmpty(rows, "new rows start empty, which OVN forwards to");

        CollectionAssert.AreEqual(new[] { Withdraw10 }, Lines(pipeline.OnUpdate(new OvsdbUpdate(OvnRows.Southbound(
            new TableUpdate(SouthboundSchema.ServiceMonitor, [_checked.StatusChange(0, "offline"), _checked.StatusChange(1, "offline")]))), _fixture.Now)));
    }

    [TestMethod]
    public void OnNorthbound_CheckRemovedBeforeNorthdDeletesRows_NothingChangesUntilTheRowsGo()
    {
        var pipeline = NewPipeline();
        pipeline.OnNorthbound(NbSnapshot(), _fixture.Now);
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: false), TimeSpan.Zero), _fixture.Now);
        Assert.IsFalse(pipeline.Routes.IsAnnounced(Prefix("10.0.0.10")), "checked, both offline");

        var removed = Lines(pipeline.OnNorthbound(new OvsdbUpdate(OvnRows.Northbound(
            new TableUpdate(NorthboundSchema.LoadBalancer, [ToggleCheck(_checked)]),
            new TableUpdate(NorthboundSchema.HealthCheck, [new RowUpdate(_checked.Check, RowChangeKind.Delete, [])]))), _fixture.Now));
        Assert.IsEmpty(removed, "until ovn-northd deletes the rows, OVN still leaves the offline backends out");

        var gone = Lines(pipeline.OnUpdate(new OvsdbUpdate(OvnRows.Southbound(
            new TableUpdate(SouthboundSchema.ServiceMonitor, [new RowUpdate(_checked.Monitors[0], RowChangeKind.Delete, []), new RowUpdate(_checked.Monitors[1], RowChangeKind.Delete, [])]))), _fixture.Now));
        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp" }, gone);
    }

    [TestMethod]
    public void OnSnapshot_NorthboundBalancerWithoutSouthboundRow_WarnedOnceByName()
    {
        // Before OVN 24.03 a load balancer attached only to logical routers has no SB row: its VIPs can never be announced.
        var routerOnly = OvnRows.Create(3, "10.0.0.30:80", "10.10.10.240:80");
        var pipeline = NewPipeline();
        var nb = new OvsdbSnapshot(NbRemote, OvnRows.Northbound(
            new TableUpdate(NorthboundSchema.LoadBalancer, [_checked.NbBalancerRow(), _unmapped.NbBalancerRow(mapped: false), routerOnly.NbBalancerRow()]),
            new TableUpdate(NorthboundSchema.HealthCheck, [_checked.CheckRow(), _unmapped.CheckRow(), routerOnly.CheckRow()])), TimeSpan.Zero);
        pipeline.OnNorthbound(nb, _fixture.Now);

        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: true), TimeSpan.Zero), _fixture.Now);
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: true), TimeSpan.Zero), _fixture.Now);
        pipeline.OnNorthbound(nb, _fixture.Now);

        var warnings = _fixture.Log.Entries.Where(e => e.EventId == 3017).ToList();
        Assert.HasCount(1, warnings, string.Join('\n', _fixture.Log.Messages));
        StringAssert.Contains(warnings[0].Message, "nb-10.0.0.30:80");
    }

    /// <summary>An update2 modify of the NB row's health_check set: the referenced check toggles in or out.</summary>
    private static RowUpdate ToggleCheck(OvnRows lb) =>
        new(lb.NbBalancer, RowChangeKind.Modify, [new ColumnValue(NorthboundSchema.LoadBalancerHealthCheck, OvsdbValue.FromAtom(OvsdbAtom.FromUuid(lb.Check)))]);

    private Pipeline NewPipeline(bool northbound = true)
    {
        var settings = TestSettings.Create();
        return _fixture.Create(northbound ? settings with { Northbound = new OvsdbClientOptions { Remotes = [NbRemote] } } : settings);
    }

    private Pipeline BothSynced()
    {
        var pipeline = NewPipeline();
        pipeline.OnNorthbound(NbSnapshot(), _fixture.Now);
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, SbRows(online: true), TimeSpan.Zero), _fixture.Now);
        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix("10.0.0.10")));
        Assert.IsFalse(pipeline.Routes.IsAnnounced(Prefix("10.0.0.12")));
        return pipeline;
    }

    private TableUpdatesData SbRows(bool online) => OvnRows.Southbound(
        new TableUpdate(SouthboundSchema.LoadBalancer, [_checked.SbBalancerRow(), _unmapped.SbBalancerRow()]),
        new TableUpdate(SouthboundSchema.ServiceMonitor, [_checked.MonitorRow(0, online ? "online" : "offline"), _checked.MonitorRow(1, online ? "online" : "offline")]));

    private OvsdbSnapshot NbSnapshot() => new(NbRemote, OvnRows.Northbound(
        new TableUpdate(NorthboundSchema.LoadBalancer, [_checked.NbBalancerRow(), _unmapped.NbBalancerRow(mapped: false)]),
        new TableUpdate(NorthboundSchema.HealthCheck, [_checked.CheckRow(), _unmapped.CheckRow()])), TimeSpan.Zero);
}
