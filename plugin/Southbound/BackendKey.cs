namespace ExaHealth.Southbound;

/// <summary>
/// What joins a load-balancer backend to its Service_Monitor rows, as ovn-northd joins them: the
/// parsed address (so differently written forms of one IPv6 address match), the port (0 when the
/// VIP has none), the protocol, and the logical port the backend is checked through (from the
/// Northbound's ip_port_mappings; null when not known, and then every row of the first three is a
/// candidate). Rows are indexed by <see cref="Rows"/>; a logical port picks one of them.
/// </summary>
internal readonly record struct BackendKey(IpKey Address, int Port, BackendProtocol Protocol, string? LogicalPort = null)
{
    /// <summary>The key its rows are indexed by: without the logical port.</summary>
    public BackendKey Rows() => LogicalPort is null ? this : this with { LogicalPort = null };
}
