using ExaHealth.Ovsdb;

namespace ExaHealth.Northbound;

/// <summary>The OVN_Northbound tables and columns that tell which VIPs OVN health-checks.</summary>
internal static class NorthboundSchema
{
    public const string Database = "OVN_Northbound";

    public const string LoadBalancer = "Load_Balancer";
    public const string LoadBalancerHealthCheck = "health_check";
    public const string LoadBalancerProtocol = "protocol";
    public const string LoadBalancerOptions = "options";
    public const string LoadBalancerIpPortMappings = "ip_port_mappings";
    public const string LoadBalancerName = "name";

    public const string HealthCheck = "Load_Balancer_Health_Check";
    public const string HealthCheckVip = "vip";

    public static readonly MonitorRequest Request = new(Database,
    [
        new MonitoredTable(LoadBalancer, [LoadBalancerHealthCheck, LoadBalancerProtocol, LoadBalancerOptions, LoadBalancerIpPortMappings, LoadBalancerName]),
        new MonitoredTable(HealthCheck, [HealthCheckVip]),
    ]);
}
