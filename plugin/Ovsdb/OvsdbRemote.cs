using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace ExaHealth.Ovsdb;

/// <summary>One active OVSDB remote: <c>unix:PATH</c>, <c>tcp:HOST:PORT</c> or <c>ssl:HOST:PORT</c> (IPv6 hosts in brackets).</summary>
internal sealed record OvsdbRemote(OvsdbRemoteKind Kind, string Host, int Port, string Path)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out OvsdbRemote? remote, out string error)
    {
        remote = null;
        error = string.Empty;
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            string path = text["unix:".Length..];
            if (path.Length == 0 || path.Any(char.IsControl))
            {
                error = "unix: needs a socket path";
                return false;
            }

            remote = new OvsdbRemote(OvsdbRemoteKind.Unix, string.Empty, 0, path);
            return true;
        }

        OvsdbRemoteKind kind;
        string rest;
        if (text.StartsWith("tcp:", StringComparison.Ordinal))
        {
            kind = OvsdbRemoteKind.Tcp;
            rest = text["tcp:".Length..];
        }
        else if (text.StartsWith("ssl:", StringComparison.Ordinal))
        {
            kind = OvsdbRemoteKind.Ssl;
            rest = text["ssl:".Length..];
        }
        else
        {
            error = "expected unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT";
            return false;
        }

        if (!TrySplitHostPort(rest, out string host, out int port))
        {
            error = "expected HOST:PORT with a port from 1 to 65535 (IPv6 as [ADDRESS]:PORT)";
            return false;
        }

        remote = new OvsdbRemote(kind, host, port, string.Empty);
        return true;
    }

    public override string ToString() => Kind switch
    {
        OvsdbRemoteKind.Unix => "unix:" + Path,
        _ => string.Create(CultureInfo.InvariantCulture,
            $"{(Kind == OvsdbRemoteKind.Tcp ? "tcp" : "ssl")}:{(Host.Contains(':') ? "[" + Host + "]" : Host)}:{Port}"),
    };

    private static bool TrySplitHostPort(string text, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        string portText;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                return false;
            }

            host = text[1..close];
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            portText = text[(close + 2)..];
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                return false;
            }

            host = text[..colon];
            portText = text[(colon + 1)..];
            if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return portText.Length is > 0 and <= 5
            && portText.All(char.IsAsciiDigit)
            && int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is >= 1 and <= 65535;
    }
}
