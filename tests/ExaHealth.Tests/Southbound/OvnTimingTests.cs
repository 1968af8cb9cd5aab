using System.Net;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.TestValues;

namespace ExaHealth.Tests.Southbound;

/// <summary>"ovn" debounce values: Service_Monitor options tracked through update2 diffs, largest over backends.</summary>
[TestClass]
internal sealed class OvnTimingTests
{
    private static readonly BackendKey Backend = new(IpKey.From(IPAddress.Parse("10.10.10.1")), 80, BackendProtocol.Tcp);

    [TestMethod]
    public void Read_KnownKeysParsedOthersIgnored()
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, new ListLogger(), trackOvnTiming: true);

        replica.Apply(TestUpdates.Of([new TableUpdate(SouthboundSchema.ServiceMonitor,
            [WithOptions(SouthboundReplicaTests.Monitor(Guid.NewGuid(), "10.10.10.1", 80, null, "online"),
                ("interval", "5"), ("failure_count", "3"), ("success_count", "2"), ("timeout", "20"))])]), snapshot: true, new HashSet<IPAddress>());

        Assert.AreEqual(new OvnTiming(5, 3, 2), replica.GetTiming(Backend));
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("86401")]
    [DataRow("-5")]
    [DataRow("5s")]
    [DataRow("")]
    public void Read_OutOfRangeOrNotANumber_Ignored(string interval)
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, new ListLogger(), trackOvnTiming: true);

        replica.Apply(TestUpdates.Of([new TableUpdate(SouthboundSchema.ServiceMonitor,
            [WithOptions(SouthboundReplicaTests.Monitor(Guid.NewGuid(), "10.10.10.1", 80, null, "online"), ("interval", interval))])]),
            snapshot: true, new HashSet<IPAddress>());

        Assert.AreEqual(default, replica.GetTiming(Backend));
    }

    [TestMethod]
    public void Apply_Diff_ChangedRemovedAdded()
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, new ListLogger(), trackOvnTiming: true);
        var uuid = Guid.NewGuid();
        replica.Apply(TestUpdates.Of([new TableUpdate(SouthboundSchema.ServiceMonitor,
            [WithOptions(SouthboundReplicaTests.Monitor(uuid, "10.10.10.1", 80, null, "online"), ("interval", "5"), ("failure_count", "3"), ("success_count", "2"))])]),
            snapshot: true, new HashSet<IPAddress>());

        replica.Apply(TestUpdates.Of([new TableUpdate(SouthboundSchema.ServiceMonitor,
            [new RowUpdate(uuid, RowChangeKind.Modify, [new ColumnValue("options", Map(("interval", "10"), ("failure_count", "3")))])])]),
            snapshot: false, new HashSet<IPAddress>());

        Assert.AreEqual(new OvnTiming(10, null, 2), replica.GetTiming(Backend), "a changed value is replaced, the same value again means removed");
    }

    [TestMethod]
    public void Replica_TracksTimingPerBackend_LargestOverTheVip()
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, new ListLogger(), trackOvnTiming: true);
        var a = Guid.NewGuid();
        var touched = new HashSet<IPAddress>();
        replica.Apply(TestUpdates.Of(
        [
            new TableUpdate(SouthboundSchema.LoadBalancer, [SouthboundReplicaTests.Balancer(Guid.NewGuid(), "lb", ("10.0.0.10:80", "10.10.10.1:80,10.10.10.2:80"))]),
            new TableUpdate(SouthboundSchema.ServiceMonitor,
            [
                WithOptions(SouthboundReplicaTests.Monitor(a, "10.10.10.1", 80, null, "online"), ("interval", "5"), ("failure_count", "3")),
                WithOptions(SouthboundReplicaTests.Monitor(Guid.NewGuid(), "10.10.10.2", 80, null, "online"), ("interval", "10"), ("failure_count", "2")),
            ]),
        ]), snapshot: true, touched);

        var health = HealthEvaluator.Evaluate(replica.FindVip(IPAddress.Parse("10.0.0.10"))!, replica, EmptyStatus.Online);

        Assert.AreEqual(new OvnTiming(10, 3, null), health.Timing);
        Assert.AreEqual(new DebounceTiming(TimeSpan.FromSeconds(10), 3, 3), new PolicySettings { Interval = null, FailureCount = null, SuccessCount = null }.TimingFor(health.Timing),
            "success_count absent: OVN's default 3");
        Assert.AreEqual(new DebounceTiming(TimeSpan.FromSeconds(10), 3, 1), new PolicySettings { Interval = null, FailureCount = null }.TimingFor(health.Timing));
    }

    private static RowUpdate WithOptions(RowUpdate row, params (string Key, string Value)[] options) =>
        row with { Columns = [.. row.Columns, new ColumnValue("options", Map(options))] };
}
