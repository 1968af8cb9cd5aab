using System.Globalization;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// What a hostile or broken writer of the Southbound can put into the rows ExaHealth reads: load
/// balancer names, VIP keys and backend lists carrying newlines followed by ExaBGP commands,
/// control characters, look-alike unicode, megabyte strings, addresses and ports just outside
/// what is valid, IPv6 without brackets, /0-looking values, and monitor rows with odd fields.
/// </summary>
internal static class InjectionCorpus
{
    /// <summary>What a forged command would announce; it must never reach stdout.</summary>
    public const string Hijack = "announce route 0.0.0.0/0 next-hop 6.6.6.6";

    private static readonly string[] Separators = ["\n", "\r\n", "\r", "\u0085", "\u2028", "\0", "\t", "\\n", "%0a", "\u001b[2J"];

    /// <summary>VIP keys (with a valid backend list as the value).</summary>
    public static IEnumerable<string> Keys()
    {
        foreach (var separator in Separators)
        {
            yield return "10.0.0.31:80" + separator + Hijack;
            yield return separator + "10.0.0.31:80";
            yield return "10.0.0.31" + separator + ":80";
        }

        string[] odd =
        [
            "0.0.0.0/0:80", "0.0.0.0:80", "0.0.0.0", "::/0", "[::]:80", "::", "10.0.0.0/24:80", "10.0.0.32/0",
            "10.0.0.256:80", "10.0.0.33:65536", "10.0.0.33:99999999999", "10.0.0.33:0", "10.0.0.33:-1", "10.0.0.33:+80",
            "010.0.0.33:80", "0x0a.0.0.33:80", "10.0.33:80", "10.0.0.33.1:80", " 10.0.0.33:80", "10.0.0.33 :80",
            "10.0.0.33: 80", "10.0.0.33:80 ", "10.0.0.33::80", "[10.0.0.33]:80", "fd00::34:80", "fd00::34::80",
            "[fd00::34]", "[fd00::34]:", "[fd00::34]:80:80", "[fd00::34:80", "fd00::34]:80", "[fe80::1%eth0]:80",
            "ff02::1", "[ff02::1]:80", "224.0.0.1:80", "255.255.255.255:80", "192.0.2.50:80", "10.0.0.35:80,10.0.0.36:80",
            "１０.０.０.３７:80", "10.0.0.37\u200b:80", "10.0.0.37:８０", "\u202e08:73.0.0.01", "10.0.0.37:80\ud83d\ude00",
            "", " ", ":", "[]:80", "neighbor 127.0.0.1 announce route 10.0.0.38/32 next-hop 6.6.6.6",
            new string('9', 4096) + ":80", "10.0.0.39:" + new string('8', 4096),
        ];
        foreach (var key in odd)
        {
            yield return key;
        }
    }

    /// <summary>Backend lists (under a valid VIP key, so only the value decides).</summary>
    public static IEnumerable<string> Values()
    {
        foreach (var separator in Separators)
        {
            yield return "10.10.10.1:80" + separator + Hijack;
            yield return "10.10.10.1:80," + separator + "10.10.10.2:80";
        }

        string[] odd =
        [
            "", ",", ",,,", "10.10.10.1", "10.10.10.1:", "10.10.10.1:0", "10.10.10.1:65536", "10.10.10.1:80,,10.10.10.2:80",
            "10.10.10.256:80", "fd10::1:80", "[fd10::1]:80,10.10.10.1:80", "[fd10::1]", "0.0.0.0:80", "10.10.10.1:80;" + Hijack,
            "10.10.10.1:80 10.10.10.2:80", "１０.10.10.1:80", "10.10.10.1:80\u00a0",
            string.Join(',', Enumerable.Range(0, 2000).Select(i => string.Create(CultureInfo.InvariantCulture, $"10.10.{i / 250}.{(i % 250) + 1}:80"))),
        ];
        foreach (var value in odd)
        {
            yield return value;
        }
    }

    /// <summary>Load balancer names (with a valid VIP and backends).</summary>
    public static IEnumerable<string> Names() =>
        Separators.Select(s => "lb" + s + Hijack).Concat(["", "\u202e", "名前", new string('n', 64 * 1024)]);

    /// <summary>Service_Monitor fields: ip, port, protocol, status (null: leave unset).</summary>
    public static IEnumerable<(string Ip, long Port, string? Protocol, string? Status)> Monitors()
    {
        foreach (var separator in Separators)
        {
            yield return ("10.10.10.1" + separator + Hijack, 80, "tcp", "online");
        }

        yield return ("10.10.10.1", 80, "sctp", "online");
        yield return ("10.10.10.1", 80, "icmp", "online");
        yield return ("10.10.10.1", 80, "tcp", "unknown");
        yield return ("10.10.10.1", 80, "tcp", "ONLINE");
        yield return ("10.10.10.1", 0, "tcp", "online");
        yield return ("10.10.10.1", 65536, "tcp", "online");
        yield return ("10.10.10.1", -80, "tcp", "online");
        yield return ("10.10.10.256", 80, "tcp", "online");
        yield return ("fd10::1:80", 80, "tcp", "online");
        yield return ("[fd10::1]", 80, "tcp", "online");
        yield return ("", 80, "tcp", "online");
        yield return ("10.10.10.1", 80, null, "online");
        yield return ("10.10.10.1", 80, "tcp", null);
        yield return (new string('1', 1024 * 1024), 80, "tcp", "online");
    }

    /// <summary>One megabyte strings, written over the socket (an argument to ovsdb-client cannot exceed 128 KiB).</summary>
    public static IEnumerable<(string Name, string Key, string Value)> Huge()
    {
        string mb = new('A', 1024 * 1024);
        yield return ("huge-key", "10.0.0.40:80" + mb, "10.10.10.1:80");
        yield return ("huge-value", "10.0.0.41:80", "10.10.10.1:80," + mb);
        yield return ("huge-name" + mb, "10.0.0.42:80", "10.10.10.1:80");
        yield return ("huge-newlines", "10.0.0.43:80", string.Concat(Enumerable.Repeat("10.10.10.1:80\n" + Hijack + "\n", 20_000)));
    }
}
