using System.Net;

namespace ExaHealth.Southbound;

/// <summary>
/// The columns of one Service_Monitor row that matter, parsed. A row whose ip, port or protocol
/// did not parse has no key and counts for no backend.
/// </summary>
internal readonly record struct MonitorRow(IPAddress? Address, int Port, BackendProtocol? Protocol, BackendStatus Status, Health.OvnTiming Timing = default)
{
    public BackendKey? Key => Address is not null && Port > 0 && Protocol is { } protocol
        ? new BackendKey(Address, Port, protocol)
        : null;
}
