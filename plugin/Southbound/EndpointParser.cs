using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ExaHealth.Southbound;

/// <summary>
/// Strict parsing of the address forms OVN writes in Load_Balancer.vips and Service_Monitor.ip:
/// <c>A.B.C.D</c>, <c>A.B.C.D:PORT</c>, a plain IPv6 address, <c>[IPv6]</c> and
/// <c>[IPv6]:PORT</c>. Nothing is trimmed or guessed: <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// alone would accept "10.1" or "1" as IPv4 and scope ids on IPv6, so the text is checked first.
/// </summary>
internal static class EndpointParser
{
    /// <summary>A plain address (Service_Monitor.ip) from UTF-8, without allocating for IPv4.</summary>
    public static bool TryParseAddress(ReadOnlySpan<byte> utf8, out IpKey address)
    {
        address = default;
        if (utf8.Length > 45)
        {
            return false;
        }

        Span<char> text = stackalloc char[utf8.Length];
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] > 127)
            {
                return false;
            }

            text[i] = (char)utf8[i];
        }

        return TryParseKey(text, out address);
    }

    /// <summary>A plain address as a value.</summary>
    public static bool TryParseKey(ReadOnlySpan<char> text, out IpKey address)
    {
        address = default;
        if (text.Contains(':'))
        {
            if (!TryParseIPv6(text, out var v6))
            {
                return false;
            }

            address = IpKey.From(v6);
            return true;
        }

        if (!TryParseIPv4(text, out uint v4))
        {
            return false;
        }

        address = IpKey.V4(v4);
        return true;
    }

    public static bool TryParseAddress(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.Contains(':'))
        {
            return TryParseIPv6(text, out address);
        }

        if (!TryParseIPv4(text, out uint v4))
        {
            return false;
        }

        address = IpKey.V4(v4).ToAddress();
        return true;
    }

    /// <summary>A VIP key or one backend: address with an optional port, IPv6 with a port in brackets.</summary>
    public static bool TryParseEndpoint(ReadOnlySpan<char> text, out ServiceEndpoint endpoint)
    {
        endpoint = default;
        if (text.StartsWith("["))
        {
            int close = text.IndexOf(']');
            if (close < 0 || !TryParseIPv6(text[1..close], out var v6))
            {
                return false;
            }

            var rest = text[(close + 1)..];
            if (rest.IsEmpty)
            {
                endpoint = new ServiceEndpoint(IpKey.From(v6), 0);
                return true;
            }

            if (rest[0] != ':' || !TryParsePort(rest[1..], out int v6Port))
            {
                return false;
            }

            endpoint = new ServiceEndpoint(IpKey.From(v6), v6Port);
            return true;
        }

        int colon = text.IndexOf(':');
        if (colon < 0)
        {
            if (!TryParseIPv4(text, out uint v4))
            {
                return false;
            }

            endpoint = new ServiceEndpoint(IpKey.V4(v4), 0);
            return true;
        }

        if (text[(colon + 1)..].Contains(':'))
        {
            // Several colons: a plain IPv6 address, which cannot carry a port.
            if (!TryParseIPv6(text, out var plain))
            {
                return false;
            }

            endpoint = new ServiceEndpoint(IpKey.From(plain), 0);
            return true;
        }

        if (!TryParseIPv4(text[..colon], out uint address) || !TryParsePort(text[(colon + 1)..], out int port))
        {
            return false;
        }

        endpoint = new ServiceEndpoint(IpKey.V4(address), port);
        return true;
    }

    /// <summary>A TCP/UDP/SCTP port: decimal digits only, 1 to 65535.</summary>
    public static bool TryParsePort(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        if (text.IsEmpty || text.Length > 5)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        port = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return port is >= 1 and <= 65535;
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '.')
            {
                if (digits == 0 || part > 3)
                {
                    return false;
                }

                address = (address << 8) | (uint)value;
                part++;
                value = 0;
                digits = 0;
                continue;
            }

            char c = text[i];
            // inet_pton rejects leading zeros; so do we, rather than read them as octal or decimal.
            if (!char.IsAsciiDigit(c) || (digits == 1 && value == 0) || digits == 3)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            digits++;
            if (value > 255)
            {
                return false;
            }
        }

        return part == 4;
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.Length is < 2 or > 45)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
            {
                return false;
            }
        }

        // A multicast address can be neither a VIP nor a backend (and its top half marks IPv4 in IpKey).
        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6 || parsed.IsIPv6Multicast)
        {
            return false;
        }

        address = parsed;
        return true;
    }
}
