using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Runtime;

/// <summary>A full snapshot that came in parts: collected apart, put in place whole, dropped with the connection.</summary>
[TestClass]
internal sealed class PipelineStreamedSnapshotTests
{
    private static readonly Guid V4Balancer = Guid.Parse("fad02d16-8852-4917-816f-bbbfd9dc3112");
    private readonly PipelineFixture _fixture = new();

    [TestMethod]
    public void Parts_FirstSnapshot_AnnouncedOnlyAtTheEnd()
    {
        var pipeline = _fixture.Create();
        var (parts, rows) = Parts("01-monitor-reply.json", _ => true);

        foreach (var part in parts)
        {
            pipeline.OnSnapshotPart(part);
        }

        Assert.IsFalse(pipeline.Synced, "nothing is decided from parts");
        var lines = Lines(pipeline.OnSnapshot(End(rows), _fixture.Now));
        Assert.HasCount(2, lines);
        Assert.AreEqual(2, pipeline.Replica.LoadBalancerCount);
    }

    [TestMethod]
    public void Parts_ResyncWithoutAVip_ReplicaReplacedAndVipWithdrawn()
    {
        var pipeline = _fixture.Synced();
        var (parts, rows) = Parts("01-monitor-reply.json", row => row.Uuid != V4Balancer);

        foreach (var part in parts)
        {
            pipeline.OnSnapshotPart(part);
        }

        Assert.AreEqual(2, pipeline.Replica.LoadBalancerCount, "the current replica serves until the end");
        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" }, Lines(pipeline.OnSnapshot(End(rows), _fixture.Now)));
        Assert.AreEqual(1, pipeline.Replica.LoadBalancerCount);
    }

    [TestMethod]
    public void Parts_ConnectionLostHalfWay_Dropped()
    {
        var pipeline = _fixture.Synced();
        var extra = SouthboundReplicaTests.Balancer(Guid.NewGuid(), "lb-extra", ("10.0.0.20:80", "10.10.10.226:80"));
        pipeline.OnSnapshotPart(new OvsdbSnapshotPart(TestUpdates.Of([new TableUpdate(SouthboundSchema.LoadBalancer, [extra])]).Check()));

        pipeline.OnDatabaseLost(_fixture.Now);
        var (parts, rows) = Parts("01-monitor-reply.json", _ => true);
        foreach (var part in parts)
        {
            pipeline.OnSnapshotPart(part);
        }

        Assert.IsEmpty(Lines(pipeline.OnSnapshot(End(rows), _fixture.Now)), "the new series alone makes the replica: 10.0.0.20 is not in it");
        Assert.AreEqual(2, pipeline.Replica.LoadBalancerCount);
    }

    /// <summary>The fixture's rows (those <paramref name="keep"/> accepts), one table per part, as the session hands them on.</summary>
    private static (List<OvsdbSnapshotPart> Parts, RowCounts Rows) Parts(string fixture, Func<RowUpdate, bool> keep)
    {
        var rows = new RowCounts(TestUpdates.Request);
        var parts = new List<OvsdbSnapshotPart>();
        foreach (var table in Fixtures.Tables(fixture))
        {
            var part = TestUpdates.Of([new TableUpdate(table.Table, [.. table.Rows.Where(keep)])]).Check();
            rows.Add(part.Rows!);
            parts.Add(new OvsdbSnapshotPart(part));
        }

        return (parts, rows);
    }

    private static OvsdbSnapshot End(RowCounts rows) =>
        new(SbRemote, new TableUpdatesData(TestUpdates.Request, "{}"u8.ToArray()), TimeSpan.Zero, StreamedRows: rows);
}
