using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ExaHealth.Southbound;

/// <summary>
/// An IPv4 or IPv6 address as a plain value: no allocation and a cheap hash, for the tens of
/// thousands of backend addresses the replica keys on. <see cref="IPAddress"/> is made only where
/// a VIP leaves the Southbound stage.
/// </summary>
internal readonly record struct IpKey(ulong High, ulong Low, bool IsV6)
{
    public static IpKey From(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return new IpKey(0, BinaryPrimitives.ReadUInt32BigEndian(bytes), false);
        }

        address.TryWriteBytes(bytes, out _);
        return new IpKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), true);
    }

    public static IpKey V4(uint value) => new(0, value, false);

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
