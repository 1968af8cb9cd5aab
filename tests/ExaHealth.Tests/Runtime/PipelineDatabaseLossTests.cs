using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Runtime;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Runtime;

/// <summary>onDatabaseLoss and resumed monitors, over fake time.</summary>
[TestClass]
internal sealed class PipelineDatabaseLossTests
{
    private readonly PipelineFixture _fixture = new();

    [TestMethod]
    public void Hold_RoutesStayHoweverLong_WarningEveryMinute()
    {
        var pipeline = Synced(DatabaseLossSettings.Hold);
        pipeline.OnDatabaseLost(_fixture.Now);

        for (int second = 0; second < 150; second++)
        {
            _fixture.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.IsEmpty(pipeline.OnHousekeeping(_fixture.Now));
        }

        Assert.HasCount(2, _fixture.Log.Entries.Where(e => e.EventId == 3012 && e.Message.Contains("routes held", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Withdraw_AfterGrace_EverythingWithdrawnThenBackOnSnapshot()
    {
        var pipeline = Synced(new DatabaseLossSettings(true, TimeSpan.FromSeconds(10)));
        pipeline.OnDatabaseLost(_fixture.Now);

        _fixture.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.IsEmpty(pipeline.OnHousekeeping(_fixture.Now));
        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        CollectionAssert.AreEquivalent(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10", "withdraw route fd00::10/128 next-hop 2001:db8::1" },
            CommandFormatter.Format(pipeline.OnHousekeeping(_fixture.Now)));
        Assert.IsEmpty(pipeline.OnHousekeeping(_fixture.Now));

        var back = CommandFormatter.Format(pipeline.OnSnapshot(Snapshot(), _fixture.Now));
        Assert.HasCount(2, back);
        StringAssert.Contains(string.Join('\n', _fixture.Log.Messages), "southbound back after 10.0 s");
    }

    [TestMethod]
    public void ResumedSnapshot_AppliesOnlyTheMissedChanges()
    {
        var pipeline = Synced(DatabaseLossSettings.Hold);
        pipeline.OnDatabaseLost(_fixture.Now);

        var lines = CommandFormatter.Format(pipeline.OnSnapshot(new OvsdbSnapshot(SbRemote, Fixtures.Updates("05-two-rows-one-transaction.json"), TimeSpan.Zero, Resumed: true), _fixture.Now));

        Assert.IsEmpty(lines, "227 offline and fd10::227 error: both VIPs keep a backend online");
        Assert.AreEqual(2, pipeline.Replica.LoadBalancerCount, "not replaced by the two changed rows");
        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" },
            CommandFormatter.Format(pipeline.OnUpdate(Update("02-status-offline.json"), _fixture.Now)));
    }

    private Pipeline Synced(DatabaseLossSettings loss) => _fixture.Synced(TestSettings.Create() with { DatabaseLoss = loss });
}
