using System.Net;
using ExaHealth.Southbound;

namespace ExaHealth.Health;

/// <summary>
/// Immutable health of one VIP address at one moment: its distinct backends, how many count
/// online, how many have at least one Service_Monitor row, and the health-check timing OVN gave
/// them. A VIP none of whose backends has a row is unmonitored and policy.unmonitored decides.
/// </summary>
internal sealed record VipHealth(IPAddress Address, int Total, int Online, int Monitored, OvnTiming Timing = default)
{
    public bool IsMonitored => Monitored > 0;
}
