namespace ExaHealth.Southbound;

/// <summary>
/// The columns of one Service_Monitor row that matter, parsed, in 32 bytes (there are tens of
/// thousands). A row whose ip, port or protocol did not parse has no key and counts for no backend.
/// The logical port is read only when the Northbound is watched (it names the port a backend maps to).
/// <see cref="Slot"/> is where the row is counted in the <see cref="BackendTable"/> while it has a key.
/// </summary>
internal readonly record struct MonitorRow
{
    // HasAddress, whether a protocol is known, and which one, in one byte: the slot fits in 32 bytes.
    private const byte AddressBit = 1, ProtocolBit = 2, ProtocolShift = 2;
    private readonly byte _flags;

    public MonitorRow(IpKey address, bool hasAddress, ushort port, BackendProtocol? protocol, BackendStatus status, string? logicalPort = null)
    {
        Address = address;
        HasAddress = hasAddress;
        Port = port;
        Protocol = protocol;
        Status = status;
        LogicalPort = logicalPort;
    }

    public static MonitorRow Empty => new(default, false, 0, BackendProtocol.Tcp, BackendStatus.Unset);

    public IpKey Address { get; init; }

    public bool HasAddress
    {
        get => (_flags & AddressBit) != 0;
        init => _flags = (byte)(value ? _flags | AddressBit : _flags & ~AddressBit);
    }

    public ushort Port { get; init; }

    public BackendProtocol? Protocol
    {
        get => (_flags & ProtocolBit) != 0 ? (BackendProtocol)(_flags >> ProtocolShift) : null;
        init => _flags = (byte)((_flags & AddressBit) | (value is { } protocol ? ProtocolBit | ((int)protocol << ProtocolShift) : 0));
    }

    public BackendStatus Status { get; init; }

    public string? LogicalPort { get; init; }

    public int Slot { get; init; }

    public BackendKey? Key => HasAddress && Port > 0 && Protocol is { } protocol
        ? new BackendKey(Address, Port, protocol)
        : null;
}
