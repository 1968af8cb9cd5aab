using System.Buffers.Binary;
using System.Net;

namespace ExaHealth.ExaBgp;

/// <summary>Prefixes of one family in numeric order of their address, then by length.</summary>
internal static class PrefixOrder
{
    public static int Compare(IPNetwork a, IPNetwork b)
    {
        int byAddress = Numeric(a.BaseAddress).CompareTo(Numeric(b.BaseAddress));
        return byAddress != 0 ? byAddress : a.PrefixLength.CompareTo(b.PrefixLength);
    }

    private static UInt128 Numeric(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
