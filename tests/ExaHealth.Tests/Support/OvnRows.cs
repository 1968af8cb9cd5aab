using ExaHealth.Northbound;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using static ExaHealth.Tests.Support.TestValues;

namespace ExaHealth.Tests.Support;

/// <summary>
/// One load balancer as OVN writes it in both databases: the NB row with its health check and
/// ip_port_mappings, the SB row linked to it, and a Service_Monitor row per backend. Rows for the
/// pipeline tests, turned into the update2 messages the replicas read.
/// </summary>
internal sealed record OvnRows(Guid SbBalancer, Guid NbBalancer, Guid Check, string Vip, string[] Backends, Guid[] Monitors)
{
    public static OvnRows Create(int id, string vip, params string[] backends) => new(
        Id(id, 1), Id(id, 2), Id(id, 3), vip, backends, [.. backends.Select((_, i) => Id(id, 10 + i))]);

    private static Guid Id(int id, int part) => new($"00000000-0000-0000-{id:x4}-{part:x12}");

    /// <summary>The SB Load_Balancer row; with <paramref name="linked"/> it carries external_ids:lb_id (OVN before 25.03).</summary>
    public RowUpdate SbBalancerRow(RowChangeKind kind = RowChangeKind.Initial, bool linked = true)
    {
        var columns = new List<ColumnValue>
        {
            Column(SouthboundSchema.LoadBalancerName, "lb-" + Vip),
            Column(SouthboundSchema.LoadBalancerProtocol, "tcp"),
            new(SouthboundSchema.LoadBalancerVips, Map((Vip, string.Join(',', Backends)))),
        };
        if (linked)
        {
            columns.Add(new(SouthboundSchema.LoadBalancerExternalIds, Map(("lb_id", NbBalancer.ToString("D")))));
        }

        return new RowUpdate(SbBalancer, kind, columns);
    }

    public RowUpdate MonitorRow(int backend, string? status, RowChangeKind kind = RowChangeKind.Initial)
    {
        var (ip, port) = Split(Backends[backend]);
        var columns = new List<ColumnValue>
        {
            Column(SouthboundSchema.ServiceMonitorIp, ip),
            new(SouthboundSchema.ServiceMonitorPort, Integer(port)),
            Column(SouthboundSchema.ServiceMonitorProtocol, "tcp"),
            Column("logical_port", PortOf(ip)),
        };
        if (status is not null)
        {
            columns.Add(Column(SouthboundSchema.ServiceMonitorStatus, status));
        }

        return new RowUpdate(Monitors[backend], kind, columns);
    }

    public RowUpdate StatusChange(int backend, string status) =>
        new(Monitors[backend], RowChangeKind.Modify, [Column(SouthboundSchema.ServiceMonitorStatus, status)]);

    /// <summary>The NB Load_Balancer row; <paramref name="check"/> references the health check, <paramref name="mapped"/> gives every backend an ip_port_mappings entry.</summary>
    public RowUpdate NbBalancerRow(bool check = true, bool mapped = true, RowChangeKind kind = RowChangeKind.Initial) =>
        new(NbBalancer, kind,
        [
            new(NorthboundSchema.LoadBalancerHealthCheck, check ? OvsdbValue.FromAtom(OvsdbAtom.FromUuid(Check)) : OvsdbValue.EmptySet),
            Column(NorthboundSchema.LoadBalancerProtocol, "tcp"),
            Column("name", "nb-" + Vip),
            new("ip_port_mappings", mapped
                ? Map([.. Backends.Select(b => (Split(b).Ip, PortOf(Split(b).Ip) + ":10.10.10.1"))])
                : OvsdbValue.EmptyMap),
        ]);

    /// <summary>The logical switch port a backend is reached through: one per load balancer, as two tenants' ports would be.</summary>
    public string PortOf(string ip) => $"lsp-{SbBalancer.ToString("N")[16..20]}-{ip}";

    public RowUpdate CheckRow(RowChangeKind kind = RowChangeKind.Initial) =>
        new(Check, kind, [Column(NorthboundSchema.HealthCheckVip, Vip)]);

    public static TableUpdatesData Southbound(params TableUpdate[] tables) => TestUpdates.Of(tables);

    public static TableUpdatesData Northbound(params TableUpdate[] tables) => TableUpdatesWriter.Write(NorthboundSchema.Request, tables);

    private static (string Ip, int Port) Split(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
