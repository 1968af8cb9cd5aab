using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CsCheck;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Properties;

/// <summary>Generators of addresses and endpoints in the forms OVN writes, and their text.</summary>
internal static class Endpoints
{
    public static readonly Gen<IPAddress> V4 = Gen.UInt.Select(u => IpKey.V4(u).ToAddress());

    /// <summary>Any IPv6 address but multicast, which can be neither a VIP nor a backend.</summary>
    public static readonly Gen<IPAddress> V6 = Gen.Byte.Array[16].Where(b => b[0] != 0xff).Select(b => new IPAddress(b));

    /// <summary>An address and a way to write it: IPv6 also uncompressed, in capitals, or with leading zeros.</summary>
    public static Gen<(IPAddress Address, string Text)> Written(Gen<IPAddress> addresses) => Gen.Select(addresses, Gen.Int[0, 2], (address, form) =>
        (address, address.AddressFamily == AddressFamily.InterNetwork || form == 0 ? address.ToString() : Full(address, upper: form == 1)));

    /// <summary>Text of an endpoint as OVN writes it: <c>A.B.C.D[:PORT]</c>, <c>IPv6</c> or <c>[IPv6]:PORT</c>.</summary>
    public static string Format(ServiceEndpoint endpoint) => Format(endpoint.Address.ToString(), endpoint.Address.IsV6, endpoint.Port);

    public static string Format(string address, bool v6, int port)
    {
        string port10 = port.ToString(CultureInfo.InvariantCulture);
        return port == 0 ? address : v6 ? $"[{address}]:{port10}" : $"{address}:{port10}";
    }

    private static string Full(IPAddress address, bool upper)
    {
        var bytes = address.GetAddressBytes();
        var groups = Enumerable.Range(0, 8).Select(i => ((bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToString(upper ? "X" : "x4", CultureInfo.InvariantCulture));
        return string.Join(":", groups);
    }
}
