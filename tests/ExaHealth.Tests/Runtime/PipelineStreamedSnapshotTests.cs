using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using ExaHealth.Tests.Southbound;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Runtime;

/// <summary>A full snapshot that came in parts: collected apart, put in place whole, dropped with the connection.</summary>
[TestClass]
internal sealed class PipelineStreamedSnapshotTests
{
    private static readonly OvsdbRemote Remote = new(OvsdbRemoteKind.Unix, "", 0, "/tmp/sb.sock");
    private static readonly Guid V4Balancer = Guid.Parse("fad02d16-8852-4917-816f-bbbfd9dc3112");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _log = new();

    [TestMethod]
    public void Parts_FirstSnapshot_AnnouncedOnlyAtTheEnd()
    {
        var pipeline = new Pipeline(TestSettings.Create(), _log);
        var (parts, rows) = Parts("01-monitor-reply.json", _ => true);

        foreach (var part in parts)
        {
            pipeline.OnSnapshotPart(part);
        }

        Assert.IsFalse(pipeline.Synced, "nothing is decided from parts");
        var lines = Lines(pipeline.OnSnapshot(End(rows), Now));
        Assert.HasCount(2, lines);
        Assert.AreEqual(2, pipeline.Replica.LoadBalancerCount);
    }

    [TestMethod]
    public void Parts_ResyncWithoutAVip_ReplicaReplacedAndVipWithdrawn()
    {
        var pipeline = Synced();
        var (parts, rows) = Parts("01-monitor-reply.json", row => row.Uuid != V4Balancer);

        foreach (var part in parts)
        {
            pipeline.OnSnapshotPart(part);
        }

        Assert.AreEqual(2, pipeline.Replica.LoadBalancerCount, "the current replica serves until the end");
        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" }, Lines(pipeline.OnSnapshot(End(rows), Now)));
        Assert.AreEqual(1, pipeline.Replica.LoadBalancerCount);
    }

    [TestMethod]
    public void Parts_ConnectionLostHalfWay_Dropped()
    {
        var pipeline = Synced();
        var extra = SouthboundReplicaTests.Balancer(Guid.NewGuid(), "lb-extra", ("10.0.0.20:80", "10.10.10.226:80"));
        pipeline.OnSnapshotPart(new OvsdbSnapshotPart(TestUpdates.Of([new TableUpdate(SouthboundSchema.LoadBalancer, [extra])]).Check()));

        pipeline.OnDatabaseLost(Now);
        var (parts, rows) = Parts("01-monitor-reply.json", _ => true);
        foreach (var part in parts)
        {
            pipeline.OnSnapshotPart(part);
        }

        Assert.IsEmpty(Lines(pipeline.OnSnapshot(End(rows), Now)), "the new series alone makes the replica: 10.0.0.20 is not in it");
        Assert.AreEqual(2, pipeline.Replica.LoadBalancerCount);
    }

    private Pipeline Synced()
    {
        var pipeline = new Pipeline(TestSettings.Create(), _log);
        pipeline.OnSnapshot(new OvsdbSnapshot(Remote, Fixtures.Updates("01-monitor-reply.json"), TimeSpan.Zero), Now);
        pipeline.OnUpdate(new OvsdbUpdate(Fixtures.Updates("03-status-online.json")), Now);
        return pipeline;
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
        new(Remote, new TableUpdatesData(TestUpdates.Request, "{}"u8.ToArray()), TimeSpan.Zero, StreamedRows: rows);

    private DateTimeOffset Now => _time.GetUtcNow();

    private static List<string> Lines(List<RouteChange> changes) => CommandFormatter.Format(changes);
}
