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
/// checked when any of its backends has a row. Pure.
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
                online++;
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
                else if (refs.CheckedUnmapped > 0)
                {
                    monitored++;
                }

                continue;
            }

            monitored++;
            ovn = OvnTiming.Max(ovn, timing(backend));
            if (counts.Online > 0 || (emptyStatus == EmptyStatus.Online && counts.Unset > 0))
            {
                online++;
            }
        }

        return new VipHealth(vip.Address, vip.BackendCount, online, monitored, ovn);
    }
}
