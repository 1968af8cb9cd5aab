namespace ExaHealth.Southbound;

/// <summary>
/// What is known of one backend key: its Service_Monitor rows by status (and how many health-checked
/// vips entries list it, across every VIP), and the VIPs whose vips entries list it (one VIP inline,
/// several in a list: most backends serve one VIP).
/// </summary>
internal struct BackendEntry
{
    public BackendRowCounts Counts;

    /// <summary>The same rows by logical port, when rows carry one (the Northbound is watched); null otherwise.</summary>
    public (string Port, BackendRowCounts Counts)[]? Ports;

    /// <summary>A <see cref="VipBackends"/>, a <see cref="List{T}"/> of them, or null.</summary>
    public object? Users;

    public readonly bool IsEmpty => Counts.Rows == 0 && Counts.Checks == 0 && Users is null;
}
