namespace ExaHealth.Runtime;

/// <summary>What a Northbound event means to the decisions.</summary>
internal enum NorthboundChange
{
    /// <summary>Nothing to decide again.</summary>
    None,

    /// <summary>It went away before its first snapshot: the first decision waits for it no longer.</summary>
    Away,

    /// <summary>Health-check configuration changed (for the balancers given, or for all).</summary>
    Changed,
}
