using ExaHealth.Southbound;

namespace ExaHealth.Health;

/// <summary>
/// Joins one VIP's backends to their Service_Monitor rows (SPEC section 3), counting what OVN
/// forwards to: ovn-northd leaves a backend without a Service_Monitor row out of a health-checked
/// VIP, and keeps one whose status is still empty (policy.emptyStatus decides here). Pure.
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
        foreach (var backend in vip.Backends)
        {
            var counts = rows(backend);
            if (counts.Rows == 0)
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

        return new VipHealth(vip.Address, vip.Backends.Count, online, monitored, ovn);
    }
}
