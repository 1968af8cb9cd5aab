using System.Net;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.TestValues;

namespace ExaHealth.Tests.Southbound;

/// <summary>The replica fed with captured traffic, checked through the VIP health it yields.</summary>
[TestClass]
internal sealed class SouthboundReplicaTests
{
    private static readonly IPAddress Vip4 = IPAddress.Parse("10.0.0.10");
    private static readonly IPAddress Vip6 = IPAddress.Parse("fd00::10");

    private readonly ListLogger _log = new();
    private readonly SouthboundReplica _replica;

    public SouthboundReplicaTests() => _replica = new SouthboundReplica(LoadBalancerFilter.All, _log);

    [TestMethod]
    public void Apply_MonitorReply_BuildsBothVipsWithUnsetStatuses()
    {
        var touched = Apply("01-monitor-reply.json", snapshot: true);

        CollectionAssert.AreEquivalent(new[] { Vip4, Vip6 }, touched.ToArray());
        Assert.AreEqual(2, _replica.LoadBalancerCount);
        Assert.AreEqual(4, _replica.ServiceMonitorCount);
        Assert.AreEqual(new VipHealth(Vip4, 2, 2, 2), Health(Vip4), "unset counts online by default");
        Assert.AreEqual(new VipHealth(Vip4, 2, 0, 2), Health(Vip4, EmptyStatus.Offline));
    }

    [TestMethod]
    public void Apply_StatusOfflineThenOnlineThenCleared_FollowsTheRow()
    {
        Apply("01-monitor-reply.json", snapshot: true);

        var touched = Apply("02-status-offline.json");
        CollectionAssert.AreEqual(new[] { Vip4 }, touched.ToArray(), "only the VIP using that backend");
        Assert.AreEqual(new VipHealth(Vip4, 2, 1, 2), Health(Vip4));

        Apply("03-status-online.json");
        Assert.AreEqual(new VipHealth(Vip4, 2, 1, 2), Health(Vip4, EmptyStatus.Offline), "226 online, 227 unset");

        Apply("04-status-cleared.json");
        Assert.AreEqual(new VipHealth(Vip4, 2, 0, 2), Health(Vip4, EmptyStatus.Offline));
    }

    [TestMethod]
    public void Apply_WhenTheCallCounterWrapsAround_ANewVipIsStillTouched()
    {
        Apply("01-monitor-reply.json", snapshot: true);
        // Each call of the replica takes a new number to report every VIP once; 2^32 calls (weeks of
        // churn) are not run here: the counter is set to just before it wraps.
        var counter = typeof(SouthboundReplica).GetField("_touchStamp", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        counter.SetValue(_replica, Convert.ChangeType(-1, counter.FieldType, System.Globalization.CultureInfo.InvariantCulture));

        var touched = Apply("07-vips-entry-added.json");

        Assert.IsNotEmpty(touched, "the VIP the new vips entry creates must be re-decided");
    }

    [TestMethod]
    public void Apply_TwoRowsInOneTransaction_TouchesBothVips()
    {
        Apply("01-monitor-reply.json", snapshot: true);

        var touched = Apply("05-two-rows-one-transaction.json");

        CollectionAssert.AreEquivalent(new[] { Vip4, Vip6 }, touched.ToArray());
        Assert.AreEqual(1, Health(Vip4).Online);
        Assert.AreEqual(1, Health(Vip6).Online, "error counts offline");
    }

    [TestMethod]
    public void Apply_VipsMapDiffs_AddBackendAddEntryRemoveEntry()
    {
        Apply("01-monitor-reply.json", snapshot: true);

        Apply("06-vips-backend-added.json");
        Assert.AreEqual(3, Health(Vip4).Total, "the changed value replaces the backend list");
        Assert.AreEqual(new VipHealth(Vip4, 3, 2, 2), Health(Vip4), "10.10.10.228 has no Service_Monitor row: OVN leaves it out");

        var touched = Apply("07-vips-entry-added.json");
        var vip11 = IPAddress.Parse("10.0.0.11");
        CollectionAssert.AreEqual(new[] { vip11 }, touched.ToArray());
        Assert.IsNotNull(_replica.FindVip(vip11));
        Assert.AreEqual(3, Health(Vip4).Total, "the other entry is untouched");

        Apply("08-vips-entry-removed.json");
        Assert.IsNull(_replica.FindVip(vip11), "the same pair again removes it");
        Assert.AreEqual(3, Health(Vip4).Total);
    }

    [TestMethod]
    public void Apply_LoadBalancerInsertedThenDeleted_VipAppearsAndGoes()
    {
        Apply("01-monitor-reply.json", snapshot: true);
        var vip20 = IPAddress.Parse("10.0.0.20");

        foreach (var message in Fixtures.Messages("09-load-balancer-inserted.json"))
        {
            _replica.Apply(Fixtures.Updates(message), snapshot: false, new HashSet<IPAddress>());
        }

        Assert.AreEqual(new VipHealth(vip20, 1, 1, 1), Health(vip20));

        var touched = Apply("10-load-balancer-deleted.json");
        CollectionAssert.AreEqual(new[] { vip20 }, touched.ToArray());
        Assert.IsNull(_replica.FindVip(vip20));
        Assert.AreEqual(4, _replica.ServiceMonitorCount);
    }

    [TestMethod]
    public void Apply_SecondSnapshot_ReplacesEverythingAndTouchesOldAndNewVips()
    {
        Apply("01-monitor-reply.json", snapshot: true);
        Apply("07-vips-entry-added.json");

        var touched = Apply("01-monitor-reply.json", snapshot: true);

        CollectionAssert.AreEquivalent(new[] { Vip4, Vip6, IPAddress.Parse("10.0.0.11") }, touched.ToArray());
        Assert.IsNull(_replica.FindVip(IPAddress.Parse("10.0.0.11")));
        Assert.AreEqual(4, _replica.ServiceMonitorCount);
    }

    [TestMethod]
    public void Apply_SameVipInTwoLoadBalancers_UnionOfBackendsAndRemovalKeepsTheOther()
    {
        var lb1 = Guid.NewGuid();
        var lb2 = Guid.NewGuid();
        ApplyRows(snapshot: true,
            Balancer(lb1, "a", ("10.0.0.10:80", "10.10.10.1:80,10.10.10.2:80")),
            Balancer(lb2, "b", ("10.0.0.10:443", "10.10.10.2:443,10.10.10.3:443"), ("10.0.0.10:80", "10.10.10.1:80")));

        Assert.AreEqual(4, Health(Vip4).Total, "1:80, 2:80, 2:443, 3:443");

        ApplyRows(snapshot: false, new RowUpdate(lb2, RowChangeKind.Delete, []));
        Assert.AreEqual(2, Health(Vip4).Total, "lb1's backends stay, including 1:80 that lb2 also listed");
    }

    [TestMethod]
    public void Apply_BackendJoinedOnParsedAddressPortAndProtocol()
    {
        ApplyRows(snapshot: true,
            Balancer(Guid.NewGuid(), "v6", ("[fd00::10]:53", "[fd10:0:0::1]:53")),
            Monitor(Guid.NewGuid(), "fd10::1", 53, "udp", "offline"),
            Monitor(Guid.NewGuid(), "fd10::1", 54, null, "offline"));

        var health = Health(Vip6);
        Assert.AreEqual(0, health.Monitored, "the load balancer is tcp, the row on port 53 is udp, the tcp row is on 54");
    }

    [TestMethod]
    public void Apply_UdpLoadBalancer_JoinsUdpRows()
    {
        ApplyRows(snapshot: true,
            Balancer(Guid.NewGuid(), "dns", ("10.0.0.10:53", "10.10.10.1:53"), protocol: "udp"),
            Monitor(Guid.NewGuid(), "10.10.10.1", 53, "udp", "offline"));

        Assert.AreEqual(new VipHealth(Vip4, 1, 0, 1), Health(Vip4));
    }

    [TestMethod]
    public void Apply_TwoRowsForOneBackend_OnlineOnlyIfEveryRowIsOnline()
    {
        // Without the Northbound the rows of two logical ports cannot be told apart (SPEC section 3):
        // never count one tenant's backend online on another tenant's health.
        var a = Guid.NewGuid();
        ApplyRows(snapshot: true,
            Balancer(Guid.NewGuid(), "lb", ("10.0.0.10:80", "10.10.10.1:80")),
            Monitor(a, "10.10.10.1", 80, null, "offline"),
            Monitor(Guid.NewGuid(), "10.10.10.1", 80, null, "online"));
        Assert.AreEqual(0, Health(Vip4).Online);

        ApplyRows(snapshot: false, new RowUpdate(a, RowChangeKind.Modify, [Column("status", "online")]));
        Assert.AreEqual(1, Health(Vip4).Online);
        ApplyRows(snapshot: false, new RowUpdate(a, RowChangeKind.Delete, []));
        Assert.AreEqual(new VipHealth(Vip4, 1, 1, 1), Health(Vip4));
    }

    [TestMethod]
    public void Apply_RowWithUnparsableIp_IsIgnoredWithAWarning()
    {
        ApplyRows(snapshot: true,
            Balancer(Guid.NewGuid(), "lb", ("10.0.0.10:80", "10.10.10.1:80")),
            Monitor(Guid.NewGuid(), "10.10.10.1\nannounce", 80, null, "offline"));

        Assert.AreEqual(0, Health(Vip4).Monitored);
        var warning = _log.Entries.Single(e => e.EventId == 2000);
        StringAssert.Contains(warning.Message, "10.10.10.1?announce");
    }

    [TestMethod]
    public void Apply_RowsThatCannotBeABackend_SkippedWithoutAWarning()
    {
        // OVN 26.03 adds Service_Monitor.type: logical-switch-port and network-function rows, icmp on port 0.
        ApplyRows(snapshot: true,
            Balancer(Guid.NewGuid(), "lb", ("10.0.0.10:80", "10.10.10.1:80")),
            Monitor(Guid.NewGuid(), "10.10.10.1", 0, "icmp", "offline"),
            Monitor(Guid.NewGuid(), "10.10.10.1", 0, "icmp6", "offline"),
            Monitor(Guid.NewGuid(), "10.10.10.1", 0, "tcp", "offline"),
            Monitor(Guid.NewGuid(), "10.10.10.1", 80, "tcp", "online"));

        Assert.AreEqual(new VipHealth(Vip4, 1, 1, 1), Health(Vip4), "only the tcp/80 row is the backend's");
        Assert.IsEmpty(_log.Entries.Where(e => e.EventId == 2000));
    }

    [TestMethod]
    public void Apply_RowWithAPortOutOfRange_StillWarned()
    {
        ApplyRows(snapshot: true,
            Balancer(Guid.NewGuid(), "lb", ("10.0.0.10:80", "10.10.10.1:80")),
            Monitor(Guid.NewGuid(), "10.10.10.1", 70000, "tcp", "offline"));

        Assert.HasCount(1, _log.Entries.Where(e => e.EventId == 2000));
    }

    [TestMethod]
    public void Apply_LoadBalancerFilter_OnlyMatchingNamesContribute()
    {
        var replica = new SouthboundReplica(new LoadBalancerFilter(["incus-net*"]), _log);
        var touched = new HashSet<IPAddress>();
        replica.Apply(TestUpdates.Of([new TableUpdate(SouthboundSchema.LoadBalancer,
        [
            Balancer(Guid.NewGuid(), "incus-net7-lb-10.0.0.10-tcp", ("10.0.0.10:80", "10.10.10.1:80")),
            Balancer(Guid.NewGuid(), "other", ("10.0.0.11:80", "10.10.10.1:80")),
        ])]), snapshot: true, touched);

        CollectionAssert.AreEqual(new[] { Vip4 }, touched.ToArray());
    }

    private HashSet<IPAddress> Apply(string fixture, bool snapshot = false)
    {
        var touched = new HashSet<IPAddress>();
        _replica.Apply(Fixtures.Updates(fixture), snapshot, touched);
        return touched;
    }

    private void ApplyRows(bool snapshot, params RowUpdate[] rows)
    {
        var tables = rows.GroupBy(r => r.Columns.Any(c => c.Column == "vips") ? SouthboundSchema.LoadBalancer : r.Columns.Any(c => c.Column == "ip") ? SouthboundSchema.ServiceMonitor : null)
            .Select(g => new TableUpdate(g.Key ?? SouthboundSchema.LoadBalancer, [.. g])).ToList();
        if (rows.Any(r => r.Kind == RowChangeKind.Delete || r.Kind == RowChangeKind.Modify))
        {
            tables = [new TableUpdate(SouthboundSchema.LoadBalancer, rows), new TableUpdate(SouthboundSchema.ServiceMonitor, rows)];
        }

        _replica.Apply(TestUpdates.Of(tables), snapshot, new HashSet<IPAddress>());
    }

    private VipHealth Health(IPAddress vip, EmptyStatus empty = EmptyStatus.Online) =>
        HealthEvaluator.Evaluate(_replica.FindVip(vip) ?? throw new AssertFailedException($"no VIP {vip}"), _replica, empty);

    internal static RowUpdate Balancer(Guid uuid, string name, params (string Vip, string Backends)[] vips) => Balancer(uuid, name, vips, "tcp");

    internal static RowUpdate Balancer(Guid uuid, string name, (string Vip, string Backends) vip, string protocol) => Balancer(uuid, name, [vip], protocol);

    private static RowUpdate Balancer(Guid uuid, string name, (string Vip, string Backends)[] vips, string protocol) =>
        new(uuid, RowChangeKind.Insert,
        [
            Column("name", name),
            Column("protocol", protocol),
            new ColumnValue("vips", OvsdbValue.FromMap([.. vips.Select(v => new KeyValuePair<OvsdbAtom, OvsdbAtom>(OvsdbAtom.FromString(v.Vip), OvsdbAtom.FromString(v.Backends)))])),
        ]);

    internal static RowUpdate Monitor(Guid uuid, string ip, int port, string? protocol, string? status)
    {
        var columns = new List<ColumnValue> { Column("ip", ip), new("port", Integer(port)) };
        if (protocol is not null)
        {
            columns.Add(Column("protocol", protocol));
        }

        if (status is not null)
        {
            columns.Add(Column("status", status));
        }

        return new RowUpdate(uuid, RowChangeKind.Insert, columns);
    }
}
