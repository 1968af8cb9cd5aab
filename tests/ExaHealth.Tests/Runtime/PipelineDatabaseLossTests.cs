using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Runtime;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Runtime;

/// <summary>onDatabaseLoss and resumed monitors, over fake time.</summary>
[TestClass]
internal sealed class PipelineDatabaseLossTests
{
    private static readonly OvsdbRemote Remote = new(OvsdbRemoteKind.Unix, "", 0, "/tmp/sb.sock");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _log = new();

    [TestMethod]
    public void Hold_RoutesStayHoweverLong_WarningEveryMinute()
    {
        var pipeline = Synced(DatabaseLossSettings.Hold);
        pipeline.OnDatabaseLost(Now);

        for (int second = 0; second < 150; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.IsEmpty(pipeline.OnHousekeeping(Now));
        }

        Assert.HasCount(2, _log.Entries.Where(e => e.EventId == 3012 && e.Message.Contains("routes held", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Withdraw_AfterGrace_EverythingWithdrawnThenBackOnSnapshot()
    {
        var pipeline = Synced(new DatabaseLossSettings(true, TimeSpan.FromSeconds(10)));
        pipeline.OnDatabaseLost(Now);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.IsEmpty(pipeline.OnHousekeeping(Now));
        _time.Advance(TimeSpan.FromSeconds(1));
        CollectionAssert.AreEquivalent(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10", "withdraw route fd00::10/128 next-hop 2001:db8::1" },
            CommandFormatter.Format(pipeline.OnHousekeeping(Now)));
        Assert.IsEmpty(pipeline.OnHousekeeping(Now));

        var back = CommandFormatter.Format(pipeline.OnSnapshot(new OvsdbSnapshot(Remote, Fixtures.Updates("01-monitor-reply.json"), TimeSpan.Zero), Now));
        Assert.HasCount(2, back);
        StringAssert.Contains(string.Join('\n', _log.Messages), "southbound back after 10.0 s");
    }

    [TestMethod]
    public void ResumedSnapshot_AppliesOnlyTheMissedChanges()
    {
        var pipeline = Synced(DatabaseLossSettings.Hold);
        pipeline.OnDatabaseLost(Now);

        var lines = CommandFormatter.Format(pipeline.OnSnapshot(new OvsdbSnapshot(Remote, Fixtures.Updates("05-two-rows-one-transaction.json"), TimeSpan.Zero, Resumed: true), Now));

        Assert.IsEmpty(lines, "227 offline and fd10::227 error: both VIPs keep a backend online");
        Assert.AreEqual(2, pipeline.Replica.LoadBalancerCount, "not replaced by the two changed rows");
        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" },
            CommandFormatter.Format(pipeline.OnUpdate(new OvsdbUpdate(Fixtures.Updates("02-status-offline.json")), Now)));
    }

    private Pipeline Synced(DatabaseLossSettings loss)
    {
        var pipeline = new Pipeline(TestSettings.Create() with { DatabaseLoss = loss }, _log);
        pipeline.OnSnapshot(new OvsdbSnapshot(Remote, Fixtures.Updates("01-monitor-reply.json"), TimeSpan.Zero), Now);
        pipeline.OnUpdate(new OvsdbUpdate(Fixtures.Updates("03-status-online.json")), Now);
        return pipeline;
    }

    private DateTimeOffset Now => _time.GetUtcNow();
}
