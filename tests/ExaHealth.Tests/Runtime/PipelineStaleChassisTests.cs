using System.Net;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;
using static ExaHealth.Tests.Support.TestValues;

namespace ExaHealth.Tests.Runtime;

/// <summary>
/// policy.staleChassis: Service_Monitor rows keep saying online after their ovn-controller died (only
/// it writes them); with the guard, a chassis that is gone or leaves an nb_cfg bump unanswered has its
/// backends counted offline, and its VIPs follow as for any status change.
/// </summary>
[TestClass]
internal sealed class PipelineStaleChassisTests
{
    private const string Announce10 = "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp";
    private const string Withdraw10 = "withdraw route 10.0.0.10/32 next-hop 192.0.2.10";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Guid Hv1 = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Hv1Private = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid Hv2 = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Global = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private readonly PipelineFixture _fixture = new();

    // 10.0.0.10 with both backends on hv1; 10.0.0.20 with its backend on hv2.
    private readonly OvnRows _onHv1 = OvnRows.Create(1, "10.0.0.10:80", "10.10.10.226:80", "10.10.10.227:80");
    private readonly OvnRows _onHv2 = OvnRows.Create(2, "10.0.0.20:80", "10.10.10.230:80");

    [TestMethod]
    public void OnUpdate_ChassisDeleted_ItsVipsWithdrawnWhileTheRowsStillSayOnline()
    {
        var pipeline = Synced(Patience);

        var lines = Lines(pipeline.OnUpdate(new OvsdbUpdate(WithChassis(new TableUpdate(SouthboundSchema.Chassis, [new RowUpdate(Hv1, RowChangeKind.Delete, [])]))), _fixture.Now));

        CollectionAssert.AreEqual(new[] { Withdraw10 }, lines, "only hv1's VIP: hv2 still answers");
        Assert.IsTrue(_fixture.Log.Messages.Any(m => m.Contains("chassis hv1 stale (no Chassis row)", StringComparison.Ordinal)), string.Join('\n', _fixture.Log.Messages));

        lines = Lines(pipeline.OnUpdate(new OvsdbUpdate(WithChassis(new TableUpdate(SouthboundSchema.Chassis, [ChassisRow(Hv1, "hv1", RowChangeKind.Insert)]))), _fixture.Now));
        CollectionAssert.AreEqual(new[] { Announce10 }, lines, "registered again: the rows count as they say");
    }

    [TestMethod]
    public void OnUpdate_PortUnbound_OnlyItsBackendCountsOffline()
    {
        var pipeline = Synced(Patience);

        // What OVSDB does to Port_Binding.chassis (a weak reference) when the Chassis row goes.
        var lines = Lines(pipeline.OnUpdate(new OvsdbUpdate(WithChassis(new TableUpdate(SouthboundSchema.PortBinding,
            [Binding(3, _onHv2.PortOf("10.10.10.230"), null, RowChangeKind.Modify)]))), _fixture.Now));

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.20/32 next-hop 192.0.2.10" }, lines);
        Assert.IsTrue(_fixture.Log.Messages.Any(m => m.Contains("bound to no chassis", StringComparison.Ordinal)));

        lines = Lines(pipeline.OnUpdate(new OvsdbUpdate(WithChassis(new TableUpdate(SouthboundSchema.PortBinding,
            [Binding(3, _onHv2.PortOf("10.10.10.230"), Hv2, RowChangeKind.Modify)]))), _fixture.Now));
        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.20/32 next-hop 192.0.2.10 origin igp" }, lines, "bound again (a migration's end)");
    }

    [TestMethod]
    public void OnTick_BumpUnansweredPastThePatience_WithdrawnThenBackWhenItAnswers()
    {
        var pipeline = Synced(Patience);
        Assert.IsEmpty(pipeline.OnUpdate(new OvsdbUpdate(WithChassis(new TableUpdate(SouthboundSchema.Global, [GlobalRow(2, RowChangeKind.Modify)]))), _fixture.Now));
        Assert.AreEqual(_fixture.Now + Patience, pipeline.NextDue(), "the tick is armed for the moment the patience runs out");

        _fixture.Time.Advance(Patience - TimeSpan.FromMilliseconds(1));
        Assert.IsEmpty(pipeline.OnTick(_fixture.Now));
        _fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        CollectionAssert.AreEqual(new[] { Withdraw10 }, Lines(pipeline.OnTick(_fixture.Now)));

        var lines = Lines(pipeline.OnUpdate(new OvsdbUpdate(WithChassis(new TableUpdate(SouthboundSchema.ChassisPrivate,
            [new RowUpdate(Hv1Private, RowChangeKind.Modify, [new ColumnValue(SouthboundSchema.ChassisPrivateNbCfg, Integer(2))])]))), _fixture.Now));
        CollectionAssert.AreEqual(new[] { Announce10 }, lines);
    }

    [TestMethod]
    public void OnUpdate_GuardOff_ChassisTablesNotEvenAskedFor()
    {
        Assert.IsFalse(SouthboundSchema.RequestFor(false, false, staleChassis: false).Tables.Any(t => t.Name == SouthboundSchema.Chassis));
        var pipeline = _fixture.Create();
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, AllRows(), TimeSpan.Zero), _fixture.Now);

        Assert.IsEmpty(pipeline.OnUpdate(new OvsdbUpdate(WithChassis(new TableUpdate(SouthboundSchema.Chassis, [new RowUpdate(Hv1, RowChangeKind.Delete, [])]))), _fixture.Now));
        Assert.IsTrue(pipeline.Routes.IsAnnounced(HostPrefix.For(IPAddress.Parse("10.0.0.10"))));
    }

    private Pipeline Synced(TimeSpan patience)
    {
        var pipeline = _fixture.Create(TestSettings.Create() with { StaleChassis = patience });
        var lines = Lines(pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, AllRows(), TimeSpan.Zero), _fixture.Now));
        CollectionAssert.AreEqual(new[] { "announce attributes next-hop 192.0.2.10 origin igp nlri 10.0.0.10/32 10.0.0.20/32" }, lines);
        return pipeline;
    }

    private TableUpdatesData AllRows() => WithChassis(
        new TableUpdate(SouthboundSchema.LoadBalancer, [_onHv1.SbBalancerRow(), _onHv2.SbBalancerRow()]),
        new TableUpdate(SouthboundSchema.ServiceMonitor, [_onHv1.MonitorRow(0, "online"), _onHv1.MonitorRow(1, "online"), _onHv2.MonitorRow(0, "online")]),
        new TableUpdate(SouthboundSchema.PortBinding,
        [
            Binding(1, _onHv1.PortOf("10.10.10.226"), Hv1), Binding(2, _onHv1.PortOf("10.10.10.227"), Hv1), Binding(3, _onHv2.PortOf("10.10.10.230"), Hv2),
        ]),
        new TableUpdate(SouthboundSchema.Chassis, [ChassisRow(Hv1, "hv1"), ChassisRow(Hv2, "hv2")]),
        new TableUpdate(SouthboundSchema.ChassisPrivate,
        [
            new RowUpdate(Hv1Private, RowChangeKind.Initial, [Column(SouthboundSchema.ChassisPrivateName, "hv1"), new ColumnValue(SouthboundSchema.ChassisPrivateNbCfg, Integer(1))]),
        ]),
        new TableUpdate(SouthboundSchema.Global, [GlobalRow(1, RowChangeKind.Initial)]));

    private static TableUpdatesData WithChassis(params TableUpdate[] tables) => TableUpdatesWriter.Write(TestUpdates.WithChassis, tables);

    private static RowUpdate Binding(int id, string port, Guid? chassis, RowChangeKind kind = RowChangeKind.Initial) =>
        new(Guid.Parse($"00000000-0000-0000-0000-0000000000d{id}"), kind,
        [
            Column(SouthboundSchema.PortBindingLogicalPort, port),
            new(SouthboundSchema.PortBindingChassis, chassis is { } c ? OvsdbValue.FromAtom(OvsdbAtom.FromUuid(c)) : OvsdbValue.EmptySet),
        ]);

    private static RowUpdate ChassisRow(Guid uuid, string name, RowChangeKind kind = RowChangeKind.Initial) =>
        new(uuid, kind, [Column(SouthboundSchema.ChassisName, name)]);

    private static RowUpdate GlobalRow(long nbCfg, RowChangeKind kind) =>
        new(Global, kind, [new ColumnValue(SouthboundSchema.GlobalNbCfg, Integer(nbCfg))]);
}
