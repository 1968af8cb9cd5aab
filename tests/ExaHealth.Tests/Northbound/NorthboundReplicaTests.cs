using ExaHealth.Northbound;
using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Northbound;

/// <summary>Which VIP keys OVN health-checks, as ovn-northd decides it.</summary>
[TestClass]
internal sealed class NorthboundReplicaTests
{
    private static readonly Guid Lb = Guid.NewGuid();
    private static readonly Guid Hc = Guid.NewGuid();

    [TestMethod]
    public void IsChecked_ExactVipKeyOfAReferencedCheck()
    {
        var replica = Snapshot(Balancer(Lb, [Hc]), Check(Hc, "10.0.0.10:80"));

        Assert.IsTrue(replica.IsChecked(Lb, "10.0.0.10:80"));
        Assert.IsFalse(replica.IsChecked(Lb, "10.0.0.10:443"), "another key of the same load balancer");
        Assert.IsFalse(replica.IsChecked(Lb, "10.0.0.10"), "the string must match exactly, as northd compares it");
        Assert.IsFalse(replica.IsChecked(Guid.NewGuid(), "10.0.0.10:80"));
    }

    [TestMethod]
    [DataRow("sctp", "false")]
    [DataRow("tcp", "true")]
    public void IsChecked_SctpAndTemplateLoadBalancers_NeverChecked(string protocol, string template)
    {
        var replica = Snapshot(Balancer(Lb, [Hc], protocol, template), Check(Hc, "10.0.0.10:80"));

        Assert.IsFalse(replica.IsChecked(Lb, "10.0.0.10:80"));
    }

    [TestMethod]
    public void Apply_CheckRemovedFromTheSet_NoLongerChecked()
    {
        var replica = Snapshot(Balancer(Lb, [Hc]), Check(Hc, "10.0.0.10:80"));
        var changed = new HashSet<Guid>();

        replica.Apply([new TableUpdate(NorthboundSchema.LoadBalancer,
            [new RowUpdate(Lb, RowChangeKind.Modify, [new ColumnValue("health_check", OvsdbValue.FromAtom(OvsdbAtom.FromUuid(Hc)))])])],
            snapshot: false, changed);

        Assert.IsFalse(replica.IsChecked(Lb, "10.0.0.10:80"), "the set diff toggles the reference out");
        CollectionAssert.Contains(changed.ToArray(), Lb);
    }

    [TestMethod]
    public void Apply_CheckVipChanged_EveryBalancerAskedAgain()
    {
        var other = Guid.NewGuid();
        var replica = Snapshot(Balancer(Lb, [Hc]), Balancer(other, []), Check(Hc, "10.0.0.10:80"));
        var changed = new HashSet<Guid>();

        replica.Apply([new TableUpdate(NorthboundSchema.HealthCheck,
            [new RowUpdate(Hc, RowChangeKind.Modify, [new ColumnValue("vip", OvsdbValue.FromAtom(OvsdbAtom.FromString("10.0.0.10:443")))])])],
            snapshot: false, changed);

        Assert.IsTrue(replica.IsChecked(Lb, "10.0.0.10:443"));
        CollectionAssert.AreEquivalent(new[] { Lb, other }, changed.ToArray());
    }

    private static NorthboundReplica Snapshot(params (string Table, RowUpdate Row)[] rows)
    {
        var replica = new NorthboundReplica();
        replica.Apply([.. rows.GroupBy(r => r.Table).Select(g => new TableUpdate(g.Key, [.. g.Select(r => r.Row)]))], snapshot: true, new HashSet<Guid>());
        Assert.IsTrue(replica.Synced);
        return replica;
    }

    internal static (string, RowUpdate) Balancer(Guid uuid, Guid[] checks, string protocol = "tcp", string template = "false") =>
        (NorthboundSchema.LoadBalancer, new RowUpdate(uuid, RowChangeKind.Initial,
        [
            new ColumnValue("health_check", OvsdbValue.FromSet([.. checks.Select(OvsdbAtom.FromUuid)])),
            new ColumnValue("protocol", OvsdbValue.FromAtom(OvsdbAtom.FromString(protocol))),
            new ColumnValue("options", OvsdbValue.FromMap([new(OvsdbAtom.FromString("template"), OvsdbAtom.FromString(template))])),
        ]));

    internal static (string, RowUpdate) Check(Guid uuid, string vip) =>
        (NorthboundSchema.HealthCheck, new RowUpdate(uuid, RowChangeKind.Initial, [new ColumnValue("vip", OvsdbValue.FromAtom(OvsdbAtom.FromString(vip)))]));
}
