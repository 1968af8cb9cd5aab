namespace ExaHealth.Policy;

/// <summary>policy.unmonitored: what to do with a VIP none of whose backends has a Service_Monitor row.</summary>
internal enum UnmonitoredAction
{
    Announce,
    Ignore,
}
