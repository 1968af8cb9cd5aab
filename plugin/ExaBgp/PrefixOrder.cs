using System.Buffers.Binary;
using System.Net;
using ExaHealth.Routes;

namespace ExaHealth.ExaBgp;

/// <summary>Prefixes of one family in numeric order of their address, then by length.</summary>
internal static class PrefixOrder
{
    /// <summary>The changes in the order of their prefixes; each key is computed once (a snapshot sorts 10,000).</summary>
    public static RouteChange[] Sort(List<RouteChange> changes)
    {
        var items = changes.ToArray();
        var keys = new (UInt128 Address, int Length)[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            var prefix = items[i].Route.Prefix;
            keys[i] = (Numeric(prefix.BaseAddress), prefix.PrefixLength);
        }

        Array.Sort(keys, items);
        return items;
    }

    private static UInt128 Numeric(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
