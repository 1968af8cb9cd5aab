using System.Net;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Southbound;

/// <summary>"ovn" debounce values: Service_Monitor options tracked through update2 diffs, largest over backends.</summary>
[TestClass]
internal sealed class OvnTimingTests
{
    [TestMethod]
    public void Read_KnownKeysParsedOthersIgnored()
    {
        var timing = OvnTimingColumn.Read(Map(("interval", "5"), ("failure_count", "3"), ("success_count", "2"), ("timeout", "20")));

        Assert.AreEqual(new OvnTiming(5, 3, 2), timing);
    }

    [TestMethod]
    public void Apply_Diff_ChangedRemovedAdded()
    {
        var timing = new OvnTiming(5, 3, 2);

        timing = OvnTimingColumn.Apply(timing, Map(("interval", "10"), ("failure_count", "3")), diff: true);

        Assert.AreEqual(new OvnTiming(10, null, 2), timing, "a changed value is replaced, the same value again means removed");
    }

    [TestMethod]
    public void Replica_TracksTimingPerBackend_LargestOverTheVip()
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, new ListLogger(), trackOvnTiming: true);
        var a = Guid.NewGuid();
        var touched = new HashSet<IPAddress>();
        replica.Apply(
        [
            new TableUpdate(SouthboundSchema.LoadBalancer, [SouthboundReplicaTests.Balancer(Guid.NewGuid(), "lb", ("10.0.0.10:80", "10.10.10.1:80,10.10.10.2:80"))]),
            new TableUpdate(SouthboundSchema.ServiceMonitor,
            [
                WithOptions(SouthboundReplicaTests.Monitor(a, "10.10.10.1", 80, null, "online"), ("interval", "5"), ("failure_count", "3")),
                WithOptions(SouthboundReplicaTests.Monitor(Guid.NewGuid(), "10.10.10.2", 80, null, "online"), ("interval", "10"), ("failure_count", "2")),
            ]),
        ], snapshot: true, touched);

        var health = HealthEvaluator.Evaluate(replica.FindVip(IPAddress.Parse("10.0.0.10"))!, replica, EmptyStatus.Online);

        Assert.AreEqual(new OvnTiming(10, 3, null), health.Timing);
        Assert.AreEqual(new DebounceTiming(TimeSpan.FromSeconds(10), 3, 3), new PolicySettings { Interval = null, FailureCount = null, SuccessCount = null }.TimingFor(health.Timing),
            "success_count absent: OVN's default 3");
        Assert.AreEqual(new DebounceTiming(TimeSpan.FromSeconds(10), 3, 1), new PolicySettings { Interval = null, FailureCount = null }.TimingFor(health.Timing));
    }

    private static RowUpdate WithOptions(RowUpdate row, params (string Key, string Value)[] options) =>
        row with { Columns = [.. row.Columns, new ColumnValue("options", Map(options))] };

    private static OvsdbValue Map(params (string Key, string Value)[] pairs) =>
        OvsdbValue.FromMap([.. pairs.Select(p => new KeyValuePair<OvsdbAtom, OvsdbAtom>(OvsdbAtom.FromString(p.Key), OvsdbAtom.FromString(p.Value)))]);
}
