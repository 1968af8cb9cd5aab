using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Runtime;

/// <summary>
/// A large update handed to <see cref="Pipeline.OnUpdate"/> with a receiver for early batches: the
/// first commands leave after one line's worth of decisions, the batches grow, and together with
/// what is returned they are exactly the decision taken all at once.
/// </summary>
[TestClass]
internal sealed class PipelineEarlyBatchTests
{
    private const int Vips = 200;

    private readonly PipelineFixture _fixture = new();
    private readonly OvnRows[] _balancers = [.. Enumerable.Range(1, Vips).Select(i => OvnRows.Create(i, $"10.0.0.{i}:80", $"192.168.{i}.5:80"))];

    [TestMethod]
    public void OnUpdate_WithEarlyReceiver_FirstBatchIsOneLinesWorthAndBatchesGrow()
    {
        var pipeline = Synced();
        var batches = new List<List<RouteChange>>();

        var rest = pipeline.OnUpdate(AllOffline(), _fixture.Now, batch => batches.Add([.. batch]));

        Assert.AreEqual(VipReconciler.FirstEarlyBatch, batches[0].Count, "the first withdraws leave after one line's worth");
        Assert.IsTrue(batches.Count >= 2, $"batches: {batches.Count}");
        for (int i = 1; i < batches.Count; i++)
        {
            Assert.AreEqual(batches[i - 1].Count * 2, batches[i].Count, $"batch {i} doubles the one before");
        }

        Assert.IsTrue(rest.Count < batches[^1].Count * 2, "the rest is what did not fill the next batch");
    }

    [TestMethod]
    public void OnUpdate_WithEarlyReceiver_BatchesAndRestAreTheWholeDecision()
    {
        var batched = Synced();
        var whole = Synced();
        var handed = new List<RouteChange>();

        handed.AddRange(batched.OnUpdate(AllOffline(), _fixture.Now, batch => handed.AddRange(batch)));
        var all = whole.OnUpdate(AllOffline(), _fixture.Now);

        Assert.AreEqual(Vips, all.Count);
        CollectionAssert.AreEquivalent(Lines(all), Lines(handed), "the same withdraws, each once");
        Assert.IsTrue(handed.All(c => c.Kind == RouteChangeKind.Withdraw));
        Assert.AreEqual(0, batched.Routes.Routes.Count, "every route is withdrawn in the table too");
    }

    [TestMethod]
    public void OnUpdate_SmallUpdate_NothingHandedEarly()
    {
        var pipeline = Synced();
        int handed = 0;

        var rest = pipeline.OnUpdate(new OvsdbUpdate(OvnRows.Southbound(
            new TableUpdate(SouthboundSchema.ServiceMonitor, [_balancers[0].StatusChange(0, "offline")]))), _fixture.Now, _ => handed++);

        Assert.AreEqual(0, handed, "one withdraw is not worth a batch of its own");
        Assert.AreEqual(1, rest.Count);
    }

    private Pipeline Synced()
    {
        var pipeline = _fixture.Create();
        pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, OvnRows.Southbound(
            new TableUpdate(SouthboundSchema.LoadBalancer, [.. _balancers.Select(b => b.SbBalancerRow())]),
            new TableUpdate(SouthboundSchema.ServiceMonitor, [.. _balancers.Select(b => b.MonitorRow(0, "online"))])), TimeSpan.Zero), _fixture.Now);
        Assert.AreEqual(Vips, pipeline.Routes.Routes.Count, "every VIP announced before the failure");
        return pipeline;
    }

    private OvsdbUpdate AllOffline() => new(OvnRows.Southbound(
        new TableUpdate(SouthboundSchema.ServiceMonitor, [.. _balancers.Select(b => b.StatusChange(0, "offline"))])));
}
