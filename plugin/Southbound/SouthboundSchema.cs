using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>The OVN_Southbound tables and the only columns ExaHealth reads from them.</summary>
internal static class SouthboundSchema
{
    public const string Database = "OVN_Southbound";

    public const string LoadBalancer = "Load_Balancer";
    public const string LoadBalancerName = "name";
    public const string LoadBalancerVips = "vips";
    public const string LoadBalancerProtocol = "protocol";
    public const string LoadBalancerExternalIds = "external_ids";

    public const string ServiceMonitor = "Service_Monitor";
    public const string ServiceMonitorIp = "ip";
    public const string ServiceMonitorPort = "port";
    public const string ServiceMonitorProtocol = "protocol";
    public const string ServiceMonitorStatus = "status";
    public const string ServiceMonitorOptions = "options";
    public const string ServiceMonitorLogicalPort = "logical_port";

    public const string PortBinding = "Port_Binding";
    public const string PortBindingLogicalPort = "logical_port";
    public const string PortBindingChassis = "chassis";

    public const string Chassis = "Chassis";
    public const string ChassisName = "name";

    public const string ChassisPrivate = "Chassis_Private";
    public const string ChassisPrivateName = "name";
    public const string ChassisPrivateNbCfg = "nb_cfg";

    public const string Global = "SB_Global";
    public const string GlobalNbCfg = "nb_cfg";

    public static readonly MonitorRequest Request = RequestFor(ovnTiming: false, northbound: false, staleChassis: false);

    /// <summary>
    /// The monitor request: Service_Monitor.options only when a policy takes its timing from OVN,
    /// Load_Balancer.external_ids (lb_id, the NB row) and Service_Monitor.logical_port (matched against
    /// the NB's ip_port_mappings) only when the Northbound is watched too; for policy.staleChassis, the
    /// logical port too and where it is bound (Port_Binding, Chassis, Chassis_Private, SB_Global), read
    /// the same way on every release (Service_Monitor.chassis_name only exists from OVN 24.x on).
    /// </summary>
    public static MonitorRequest RequestFor(bool ovnTiming, bool northbound, bool staleChassis) => new(Database,
    [
        new MonitoredTable(LoadBalancer, northbound
            ? [LoadBalancerName, LoadBalancerVips, LoadBalancerProtocol, LoadBalancerExternalIds]
            : [LoadBalancerName, LoadBalancerVips, LoadBalancerProtocol]),
        new MonitoredTable(ServiceMonitor,
        [
            ServiceMonitorIp, ServiceMonitorPort, ServiceMonitorProtocol, ServiceMonitorStatus,
            .. (string[])(ovnTiming ? [ServiceMonitorOptions] : []),
            .. (string[])(northbound || staleChassis ? [ServiceMonitorLogicalPort] : []),
        ]),
        .. (MonitoredTable[])(staleChassis
            ? [new MonitoredTable(PortBinding, [PortBindingLogicalPort, PortBindingChassis]), new MonitoredTable(Chassis, [ChassisName]), new MonitoredTable(ChassisPrivate, [ChassisPrivateName, ChassisPrivateNbCfg]), new MonitoredTable(Global, [GlobalNbCfg])]
            : []),
    ]);
}
