using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ExaHealth.Southbound;

/// <summary>
/// An IPv4 or IPv6 address as a 16-byte value: no allocation and a cheap hash, for the tens of
/// thousands of backend addresses the replica keys on. <see cref="IPAddress"/> is made only where
/// a VIP leaves the Southbound stage. IPv4 is kept under a first half that no usable IPv6 address
/// has (ffff:ffff:ffff:ffff::/64, inside the multicast range the parser refuses).
/// </summary>
internal readonly record struct IpKey(ulong High, ulong Low)
{
    private const ulong V4High = ulong.MaxValue;

    public bool IsV6 => High != V4High;

    public static IpKey From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return address.AddressFamily == AddressFamily.InterNetwork
            ? V4(BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : new IpKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public static IpKey V4(uint value) => new(V4High, value);

    public IPAddress ToAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!IsV6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Low);
            return new IPAddress(bytes[..4]);
        }

        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return new IPAddress(bytes);
    }

    public override string ToString() => ToAddress().ToString();
}
