using System.Net;

namespace ExaHealth.Status;

/// <summary>
/// One VIP's status row with its sort key and, once written, its JSON: a row is serialized once per
/// change instead of once per status write, so a write at 10,000 VIPs is a copy, not 10,000 serializations.
/// Entries are never changed by the pipeline thread after they are made (a change makes a new entry);
/// only the writer thread fills its line, and lets go of the row when only the line is needed.
/// </summary>
internal sealed class StatusEntry(IPAddress address, VipStatus row)
{
    private VipStatus? _row = row;
    private byte[]? _json;

    /// <summary>The row, while it is kept (see <see cref="Line"/>).</summary>
    public VipStatus Row => _row ?? throw new InvalidOperationException("the status row was released once its line was written");

    /// <summary>IPv4 before IPv6, then the address bytes in order.</summary>
    public UInt128 SortKey { get; } = Key(address);

    public bool IsIPv6 { get; } = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    /// <summary>
    /// The row as one line of the status file, made once. Without a metrics file nothing reads the
    /// row again: at 10,000 VIPs its strings and fields are megabytes of the idle process.
    /// </summary>
    public byte[] Line(StatusLineSerializer serializer, bool keepRow)
    {
        var line = _json ??= serializer.Line(Row);
        if (!keepRow)
        {
            _row = null;
        }

        return line;
    }

    public static int Compare(StatusEntry a, StatusEntry b) =>
        a.IsIPv6 != b.IsIPv6 ? a.IsIPv6.CompareTo(b.IsIPv6) : a.SortKey.CompareTo(b.SortKey);

    private static UInt128 Key(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int length);
        UInt128 key = 0;
        foreach (byte b in bytes[..length])
        {
            key = (key << 8) | b;
        }

        return key;
    }
}
