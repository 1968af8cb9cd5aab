namespace ExaHealth.Southbound;

/// <summary>
/// The columns of one Service_Monitor row that matter, parsed, in 32 bytes (there are tens of
/// thousands). A row whose ip, port or protocol did not parse has no key and counts for no backend.
/// The logical port is read only when the Northbound is watched (it names the port a backend maps to).
/// </summary>
internal readonly record struct MonitorRow(IpKey Address, bool HasAddress, ushort Port, BackendProtocol? Protocol, BackendStatus Status, string? LogicalPort = null)
{
    public static MonitorRow Empty => new(default, false, 0, BackendProtocol.Tcp, BackendStatus.Unset);

    public BackendKey? Key => HasAddress && Port > 0 && Protocol is { } protocol
        ? new BackendKey(Address, Port, protocol)
        : null;
}
