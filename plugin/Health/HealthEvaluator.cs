using ExaHealth.Southbound;

namespace ExaHealth.Health;

/// <summary>
/// Joins one VIP's backends to their Service_Monitor rows (SPEC section 3), counting what OVN
/// forwards to. For an entry OVN health-checks, a backend counts online when its row is online
/// (or still empty, per policy.emptyStatus); without a row ovn-northd leaves it out. A backend of
/// an entry OVN does not check is forwarded to whatever its status. Without the Northbound, an
/// entry counts as checked when any of its backends has a row. Pure.
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
            if (refs.Unchecked > 0)
            {
                online++;
                continue;
            }

            var counts = rows(backend);
            if (counts.Rows == 0 && refs.Checked == 0)
            {
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
