using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ExaHealth.Routes;

namespace ExaHealth.Configuration;

/// <summary>Parsers for single configuration values; each failure names the key and the value.</summary>
internal static class ConfigValues
{
    private static readonly Dictionary<string, Community> WellKnownCommunities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["no-export"] = new(65535, 65281),
        ["no-advertise"] = new(65535, 65282),
        ["no-export-subconfed"] = new(65535, 65283),
        ["nopeer"] = new(65535, 65284),
        ["blackhole"] = new(65535, 666),
    };

    /// <summary>Null for a missing key and for JSON null, which the JSON provider turns into an empty string.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool Bool(string key, string? value, bool fallback) => Text(value) switch
    {
        null => fallback,
        var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw new ConfigurationException(key, value, "expected true or false"),
    };

    public static long Integer(string key, string? value, long fallback, long min, long max)
    {
        var text = Text(value);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long result) || result < min || result > max)
        {
            throw new ConfigurationException(key, value, $"expected a whole number from {min} to {max}");
        }

        return result;
    }

    public static long? OptionalInteger(string key, string? value, long min, long max) =>
        Text(value) is null ? null : Integer(key, value, 0, min, max);

    public static TimeSpan Seconds(string key, string? value, TimeSpan fallback, double min, double max)
    {
        var text = Text(value);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds)
            || seconds < min || seconds > max)
        {
            throw new ConfigurationException(key, value, $"expected a number of seconds from {min} to {max}");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    public static T Word<T>(string key, string? value, T fallback, IReadOnlyDictionary<string, T> words)
    {
        var text = Text(value);
        if (text is null)
        {
            return fallback;
        }

        if (!words.TryGetValue(text.ToLowerInvariant(), out var result))
        {
            throw new ConfigurationException(key, value, $"expected {string.Join(", ", words.Keys.SkipLast(1))} or {words.Keys.Last()}");
        }

        return result;
    }

    /// <summary>A prefix in CIDR form without host bits, so "10.0.0.1/24" is refused rather than silently widened.</summary>
    public static IPNetwork Prefix(string key, string? value)
    {
        var text = Text(value);
        int slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0 || !IPNetwork.TryParse(text, out var prefix)
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var written) || !written.Equals(prefix.BaseAddress))
        {
            throw new ConfigurationException(key, value, "expected a prefix such as 10.0.0.0/24 or 2001:db8::/64, without host bits");
        }

        return prefix;
    }

    public static IPAddress Address(string key, string? value)
    {
        var text = Text(value);
        if (text is null || text.Contains('%') || !IPAddress.TryParse(text, out var address) || !IsCanonicalInput(text, address))
        {
            throw new ConfigurationException(key, value, "expected an IPv4 or IPv6 address");
        }

        return address;
    }

    public static NextHop NextHop(string key, string? value, AddressFamily family, NextHop fallback)
    {
        var text = Text(value);
        if (text is null)
        {
            return fallback;
        }

        if (text.Equals("self", StringComparison.OrdinalIgnoreCase))
        {
            return Routes.NextHop.Self;
        }

        var address = Address(key, value);
        if (address.AddressFamily != family)
        {
            throw new ConfigurationException(key, value,
                family == AddressFamily.InterNetwork ? "expected self or an IPv4 address" : "expected self or an IPv6 address");
        }

        return new NextHop(address);
    }

    public static Community Community(string key, string? value)
    {
        var text = Text(value) ?? string.Empty;
        if (WellKnownCommunities.TryGetValue(text, out var known))
        {
            return known;
        }

        var parts = text.Split(':');
        if (parts.Length == 2
            && ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ushort asn)
            && ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort number))
        {
            return new Community(asn, number);
        }

        throw new ConfigurationException(key, value, "expected a community ASN:VALUE with 16-bit parts, or no-export, no-advertise, no-export-subconfed, nopeer, blackhole");
    }

    public static LargeCommunity LargeCommunity(string key, string? value)
    {
        var parts = (Text(value) ?? string.Empty).Split(':');
        if (parts.Length == 3
            && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint global)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint local1)
            && uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint local2))
        {
            return new LargeCommunity(global, local1, local2);
        }

        throw new ConfigurationException(key, value, "expected a large community GLOBAL:LOCAL1:LOCAL2 with 32-bit parts");
    }

    /// <summary>An absolute file or directory path; null when not set.</summary>
    public static string? Path(string key, string? value)
    {
        var text = Text(value);
        if (text is null)
        {
            return null;
        }

        if (!text.StartsWith('/') || text.Any(char.IsControl))
        {
            throw new ConfigurationException(key, value, "expected an absolute path (ExaBGP runs the plugin with / as its working directory)");
        }

        return text;
    }

    public static uint Asn(string key, string? value) =>
        (uint)Integer(key, Text(value) ?? throw new ConfigurationException(key, value, "expected an AS number"), 0, 1, uint.MaxValue);

    /// <summary>Parses every element of a list, naming each element's key as <c>key[i]</c>.</summary>
    public static ImmutableArray<T> List<T>(string key, string[]? values, Func<string, string?, T> parse)
    {
        if (values is null)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<T>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            result.Add(parse(string.Create(CultureInfo.InvariantCulture, $"{key}[{i}]"), values[i]));
        }

        return result.MoveToImmutable();
    }

    /// <summary>Refuses IPv4 shorthand that IPAddress.TryParse accepts ("10.1" for 10.0.0.1).</summary>
    private static bool IsCanonicalInput(string text, IPAddress address) =>
        address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') == 3;
}
