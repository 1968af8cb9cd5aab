using System.Net;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Southbound;

/// <summary>
/// update2 map diffs of Load_Balancer.vips (ovsdb-server(7)): a key with a new value replaces it,
/// a key with the same value removes it, a new key adds it, for small rows and for rows with
/// enough pairs that the diff looks keys up in a dictionary.
/// </summary>
[TestClass]
internal sealed class VipsDiffTests
{
    private static readonly Guid Lb = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private readonly SouthboundReplica _replica = new(LoadBalancerFilter.All, new ListLogger());

    [TestMethod]
    [DataRow(1)]
    [DataRow(40)]
    public void Diff_ChangedRemovedAdded(int pairs)
    {
        var vips = Enumerable.Range(0, pairs).Select(i => ($"10.0.1.{i}:80", "10.10.10.1:80")).ToArray();
        Apply(RowChangeKind.Insert, vips, snapshot: true);

        var touched = Apply(RowChangeKind.Modify,
        [
            ("10.0.1.0:80", "10.10.10.2:80,10.10.10.3:80"),
            (pairs > 1 ? "10.0.1.1:80" : "10.0.9.9:80", pairs > 1 ? "10.10.10.1:80" : "10.10.10.1:80"),
            ("10.0.2.0:80", "10.10.10.4:80"),
        ]);

        Assert.AreEqual(2, Backends("10.0.1.0"), "same key, another value: replaced");
        Assert.IsNull(_replica.FindVip(IPAddress.Parse("10.0.1.1")), "same key, same value: removed");
        Assert.AreEqual(1, Backends("10.0.2.0"), "new key: added");
        Assert.AreEqual(pairs > 1 ? pairs : 3, _replica.VipCount);
        Assert.HasCount(pairs > 1 ? 3 : 3, touched);
    }

    [TestMethod]
    public void Diff_RemoveThenAddAgain_BackToTheFirstState()
    {
        Apply(RowChangeKind.Insert, [("10.0.1.0:80", "10.10.10.1:80")], snapshot: true);

        Apply(RowChangeKind.Modify, [("10.0.1.0:80", "10.10.10.1:80")]);
        Assert.AreEqual(0, _replica.VipCount);

        Apply(RowChangeKind.Modify, [("10.0.1.0:80", "10.10.10.1:80")]);
        Assert.AreEqual(1, Backends("10.0.1.0"));
    }

    [TestMethod]
    [DataRow("[ff02::1]:80", "[fd10::1]:80")]
    [DataRow("[fd00::1]:80", "[ff05::2]:80")]
    public void Multicast_Refused(string vip, string backend)
    {
        Apply(RowChangeKind.Insert, [(vip, backend)], snapshot: true);

        Assert.AreEqual(0, _replica.VipCount);
    }

    private int Backends(string vip) =>
        HealthEvaluator.Evaluate(_replica.FindVip(IPAddress.Parse(vip)) ?? throw new AssertFailedException($"no VIP {vip}"), _replica, EmptyStatus.Online).Total;

    private HashSet<IPAddress> Apply(RowChangeKind kind, (string Vip, string Backends)[] pairs, bool snapshot = false)
    {
        var map = OvsdbValue.FromMap([.. pairs.Select(p => new KeyValuePair<OvsdbAtom, OvsdbAtom>(OvsdbAtom.FromString(p.Vip), OvsdbAtom.FromString(p.Backends)))]);
        var columns = kind == RowChangeKind.Modify
            ? new List<ColumnValue> { new("vips", map) }
            : [new("name", OvsdbValue.FromAtom(OvsdbAtom.FromString("lb"))), new("vips", map)];
        var touched = new HashSet<IPAddress>();
        _replica.Apply(TestUpdates.Of([new TableUpdate(SouthboundSchema.LoadBalancer, [new RowUpdate(Lb, kind, columns)])]), snapshot, touched);
        return touched;
    }
}
