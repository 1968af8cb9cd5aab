namespace ExaHealth.Southbound;

/// <summary>
/// The columns of one Service_Monitor row that matter, parsed, in 24 bytes (there are tens of
/// thousands). A row whose ip, port or protocol did not parse has no key and counts for no backend.
/// </summary>
internal readonly record struct MonitorRow(IpKey Address, bool HasAddress, ushort Port, BackendProtocol? Protocol, BackendStatus Status)
{
    public static MonitorRow Empty => new(default, false, 0, BackendProtocol.Tcp, BackendStatus.Unset);

    public BackendKey? Key => HasAddress && Port > 0 && Protocol is { } protocol
        ? new BackendKey(Address, Port, protocol)
        : null;
}
