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

    public const string ServiceMonitor = "Service_Monitor";
    public const string ServiceMonitorIp = "ip";
    public const string ServiceMonitorPort = "port";
    public const string ServiceMonitorProtocol = "protocol";
    public const string ServiceMonitorStatus = "status";

    public static readonly MonitorRequest Request = new(Database,
    [
        new MonitoredTable(LoadBalancer, [LoadBalancerName, LoadBalancerVips, LoadBalancerProtocol]),
        new MonitoredTable(ServiceMonitor, [ServiceMonitorIp, ServiceMonitorPort, ServiceMonitorProtocol, ServiceMonitorStatus]),
    ]);
}
