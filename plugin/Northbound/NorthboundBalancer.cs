using ExaHealth.Ovsdb;

namespace ExaHealth.Northbound;

/// <summary>One NB Load_Balancer as far as health checks go: its health_check references (raw, for set diffs) and whether OVN can check it at all.</summary>
internal sealed record NorthboundBalancer(OvsdbValue HealthChecks, bool Sctp, bool Template)
{
    public bool Checkable => !Sctp && !Template;
}
