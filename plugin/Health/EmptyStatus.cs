namespace ExaHealth.Health;

/// <summary>policy.emptyStatus: how a Service_Monitor row with no status yet counts.</summary>
internal enum EmptyStatus
{
    /// <summary>What OVN 23.03 to 26.03 does: it keeps forwarding to such a backend.</summary>
    Online,

    /// <summary>Fail-closed, as newer OVN does.</summary>
    Offline,
}
