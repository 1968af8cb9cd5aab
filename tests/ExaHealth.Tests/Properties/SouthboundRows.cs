using System.Collections.Immutable;
using CsCheck;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using static ExaHealth.Tests.Support.TestValues;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Generators of Southbound row updates over a handful of rows, so that updates hit rows that
/// exist, rows that do not and rows just deleted; values are drawn from small pools of valid,
/// invalid and wrongly typed ones, so that entries share VIPs and backends and parse or fail.
/// </summary>
internal static class SouthboundRows
{
    public static readonly Guid[] Balancers = [Id(1), Id(2), Id(3)];

    public static readonly Guid[] Monitors = [Id(11), Id(12), Id(13), Id(14)];

    public static readonly Guid[] NorthboundIds = [Id(21), Id(22)];

    public static readonly string[] MonitorIps = ["10.10.10.1", "10.10.10.2", "fd00::1", "fd00:0::1", "10.10.10", ""];

    public static readonly long[] MonitorPorts = [80, 443, 0, 70000];

    /// <summary>The map columns, whose modify rows carry a diff.</summary>
    public static readonly string[] MapColumns =
        [SouthboundSchema.LoadBalancerVips, SouthboundSchema.LoadBalancerExternalIds, SouthboundSchema.ServiceMonitorOptions];

    private static readonly Gen<OvsdbValue> WrongType = Gen.OneOf<OvsdbValue>(
        OvsdbValue.EmptySet,
        OvsdbValue.FromAtom(OvsdbAtom.FromInteger(5)),
        OvsdbValue.FromAtom(OvsdbAtom.FromBoolean(true)),
        OvsdbValue.FromSet([OvsdbAtom.FromString("a"), OvsdbAtom.FromString("b")]),
        OvsdbValue.FromMap([new(OvsdbAtom.FromString("k"), OvsdbAtom.FromString("v"))]));

    private static readonly Gen<OvsdbValue> Name = Text("lb-a", "lb-b", "other", "");

    private static readonly Gen<OvsdbValue> BalancerProtocol = Text("tcp", "udp", "sctp", "", "icmp");

    private static readonly Gen<string> VipKey = Gen.OneOf<string>(
        "10.0.0.10", "10.0.0.10:80", "10.0.0.11:80", "[fd00::10]:80", "fd00::10", "[fd00:0::10]:443", "10.0.0.10:0", "bad", "");

    private static readonly Gen<string> Backend = Gen.OneOf<string>(
        "10.10.10.1:80", "10.10.10.2:80", "10.10.10.1:443", "10.10.10.1", "10.10.10.2", "[fd00::1]:80", "[fd00:0::1]:80",
        "[fd00::1]:443", "fd00::1", "junk");

    private static readonly Gen<string> Backends = Backend.Array[0, 3].Select(b => string.Join(",", b));

    /// <summary>vips with keys that may repeat (which no server sends, but nothing may break on).</summary>
    private static readonly Gen<OvsdbValue> Vips = Gen.Select(VipKey, Backends).Array[0, 4].Select(pairs => Map(pairs));

    private static readonly Gen<OvsdbValue> ExternalIds = Gen.Select(
        Gen.OneOf<string>([.. NorthboundIds.Select(g => g.ToString("D")), "junk"]).Null(),
        Gen.Bool,
        (lbId, other) => Map(Pairs(("lb_id", lbId), ("name", other ? "x" : null))));

    private static readonly Gen<OvsdbValue> Options = Gen.Select(
        Gen.OneOf<string>("5", "10", "0", "x").Null().Array[3],
        Gen.Bool,
        (values, other) => Map(Pairs(("interval", values[0]), ("failure_count", values[1]), ("success_count", values[2]), ("timeout", other ? "3" : null))));

    private static readonly Gen<OvsdbValue> Ip = Text(MonitorIps);

    private static readonly Gen<OvsdbValue> Port = Gen.OneOf<long>(MonitorPorts).Select(p => OvsdbValue.FromAtom(OvsdbAtom.FromInteger(p)));

    private static readonly Gen<OvsdbValue> MonitorProtocol = Text("tcp", "udp", "", "bogus");

    private static readonly Gen<OvsdbValue> Status = Text("online", "offline", "error", "", "weird");

    private static readonly Gen<ColumnValue[]> BalancerColumns = Columns(
        (SouthboundSchema.LoadBalancerName, Name),
        (SouthboundSchema.LoadBalancerVips, Vips),
        (SouthboundSchema.LoadBalancerProtocol, BalancerProtocol),
        (SouthboundSchema.LoadBalancerExternalIds, ExternalIds));

    private static readonly Gen<ColumnValue[]> MonitorColumns = Columns(
        (SouthboundSchema.ServiceMonitorIp, Ip),
        (SouthboundSchema.ServiceMonitorPort, Port),
        (SouthboundSchema.ServiceMonitorProtocol, MonitorProtocol),
        (SouthboundSchema.ServiceMonitorStatus, Status),
        (SouthboundSchema.ServiceMonitorOptions, Options));

    /// <summary>One row change of either table.</summary>
    public static Gen<TableUpdate> Row(Gen<RowChangeKind> kind) => Gen.OneOf<TableUpdate>(
        Gen.Select(Gen.OneOf<Guid>(Balancers), kind, BalancerColumns, (uuid, k, columns) => One(SouthboundSchema.LoadBalancer, uuid, k, columns)),
        Gen.Select(Gen.OneOf<Guid>(Monitors), kind, MonitorColumns, (uuid, k, columns) => One(SouthboundSchema.ServiceMonitor, uuid, k, columns)));

    /// <summary>A monitor reply: initial rows only.</summary>
    public static readonly Gen<TableUpdate[]> Snapshot = Row(Gen.Const(RowChangeKind.Initial)).Array[0, 7];

    /// <summary>An update2 notification: one transaction's row changes, in order.</summary>
    public static readonly Gen<TableUpdate[]> Update = Row(Gen.Frequency<RowChangeKind>(
        (1, RowChangeKind.Insert), (4, RowChangeKind.Modify), (2, RowChangeKind.Delete), (1, RowChangeKind.Initial))).Array[1, 5];

    private static Guid Id(int n) => new(n, 0, 0, new byte[8]);

    private static Gen<OvsdbValue> Text(params string[] words) => Gen.Frequency<OvsdbValue>(
        (6, Gen.OneOf<string>(words).Select(w => OvsdbValue.FromAtom(OvsdbAtom.FromString(w)))),
        (1, WrongType));

    /// <summary>The pairs whose value is set, in order.</summary>
    private static (string Key, string Value)[] Pairs(params (string Key, string? Value)[] pairs) =>
        [.. pairs.Where(p => p.Value is not null).Select(p => (p.Key, p.Value!))];

    /// <summary>Each column present or absent, absent columns left out as update2 leaves out unchanged and empty ones.</summary>
    private static Gen<ColumnValue[]> Columns(params (string Name, Gen<OvsdbValue> Value)[] columns) =>
        columns.Select(c => Gen.Frequency<OvsdbValue?>((3, c.Value.Select(v => (OvsdbValue?)v)), (2, Gen.Const((OvsdbValue?)null))))
            .Aggregate(Gen.Const(ImmutableList<OvsdbValue?>.Empty), (list, value) => Gen.Select(list, value, (l, v) => l.Add(v)))
            .Select(values => columns.Zip(values).Where(p => p.Second is not null).Select(p => new ColumnValue(p.First.Name, p.Second!)).ToArray());

    private static TableUpdate One(string table, Guid uuid, RowChangeKind kind, ColumnValue[] columns) =>
        new(table, [new RowUpdate(uuid, kind, kind == RowChangeKind.Delete ? [] : columns)]);
}
