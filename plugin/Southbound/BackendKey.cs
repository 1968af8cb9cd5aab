namespace ExaHealth.Southbound;

/// <summary>
/// What joins a load-balancer backend to its Service_Monitor rows: the parsed address (so
/// differently written forms of one IPv6 address match), the port (0 when the VIP has none)
/// and the protocol. A plain value: no references for the collector to follow.
/// </summary>
internal readonly record struct BackendKey(IpKey Address, int Port, BackendProtocol Protocol);
