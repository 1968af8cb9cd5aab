using System.Net;

namespace ExaHealth.Southbound;

/// <summary>
/// What joins a load-balancer backend to its Service_Monitor rows: the parsed address (so
/// differently written forms of one IPv6 address match), the port (0 when the VIP has none)
/// and the protocol.
/// </summary>
internal readonly record struct BackendKey(IPAddress Address, int Port, BackendProtocol Protocol);
