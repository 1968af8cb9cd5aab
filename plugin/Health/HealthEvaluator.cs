using ExaHealth.Southbound;

namespace ExaHealth.Health;

/// <summary>
/// Joins one VIP's backends to their Service_Monitor rows (SPEC section 3), counting what OVN
/// forwards to at that moment. A backend of an entry OVN health-checks counts by its rows (online,
/// or still empty per policy.emptyStatus); until ovn-northd has written them OVN forwards as before
/// the check, so it counts online; without ip_port_mappings ovn-northd never writes one and leaves it
/// out. A backend of an entry OVN does not check is forwarded to whatever its status, except while
/// rows of a check just removed are still there (no checked entry lists it, and this one maps it):
/// until ovn-northd deletes them, OVN still applies them. Without the Northbound, an entry counts as
/// checked when any of its backends has a row, and rows of other logical ports (overlapping tenant
/// subnets) cannot be told apart: the backend counts online only if every one of them is. Pure.
/// </summary>
internal static class HealthEvaluator
{
    public static VipHealth Evaluate(VipBackends vip, SouthboundReplica replica, EmptyStatus emptyStatus) =>
        Evaluate(vip, replica.GetBackend, replica.GetTiming, emptyStatus);

    public static VipHealth Evaluate(
        VipBackends vip,
        Func<BackendKey, BackendRowCounts> rows,
        Func<BackendKey, OvnTiming> timing,
        EmptyStatus emptyStatus)
    {
        int online = 0;
        int monitored = 0;
        var ovn = default(OvnTiming);
        foreach (var (backend, refs) in vip.References)
        {
            var counts = rows(backend);
            bool leftover = refs.UncheckedMapped > 0 && counts.Rows > 0 && counts.Checks == 0;
            if ((refs.Unchecked > 0 || refs.UncheckedMapped > 0) && !leftover)
            {
                // Not checked: OVN forwards to it whatever its status.
                online++;
                continue;
            }

            if (refs.CheckedUnmapped > 0 && refs.Checked == 0 && refs.Unknown == 0 && !leftover)
            {
                // Checked without ip_port_mappings: ovn-northd leaves it out, whatever rows other balancers have.
                monitored++;
                continue;
            }

            if (counts.Rows == 0)
            {
                if (refs.Checked > 0)
                {
                    // Checked, but ovn-northd has not written its row yet: OVN forwards to it.
                    monitored++;
                    online++;
                }

                continue;
            }

            monitored++;
            ovn = OvnTiming.Max(ovn, timing(backend));
            bool emptyOnline = emptyStatus == EmptyStatus.Online;
            bool isOnline = backend.LogicalPort is not null || refs.Unknown == 0
                ? counts.Online > 0 || (emptyOnline && counts.Unset > 0)
                : counts.Offline == 0 && (emptyOnline || counts.Unset == 0);
            if (isOnline)
            {
                online++;
            }
        }

        return new VipHealth(vip.Address, vip.BackendCount, online, monitored, ovn);
    }
}
