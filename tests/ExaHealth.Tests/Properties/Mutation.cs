using System.Text;
using System.Text.RegularExpressions;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// One edit of a byte string, described by plain numbers so that CsCheck shrinks it. Positions
/// and choices are taken modulo what the input offers, so every mutation applies to any input.
/// </summary>
internal readonly record struct Mutation(MutationKind Kind, int Position, int Length, byte[] Payload)
{
    // Tokens a server could plausibly (or hostilely) put where a number or a string was:
    // limits, non-integers, escapes that unescape to invalid UTF-16, raw invalid UTF-8, other
    // notations, and values the Southbound parsers must refuse.
    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "80", "65535", "65536", "-0", "1.5", "1e2", "1e400", "-1e400",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
    ];

    private static readonly byte[][] Strings =
    [
        .. new[]
        {
            "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u00e9\"", "\"é\"", "\"\\\"\"", "\"\\n\"",
            "\"set\"", "\"map\"", "\"uuid\"", "\"named-uuid\"", "\"initial\"", "\"insert\"", "\"modify\"", "\"delete\"",
            "\"online\"", "\"offline\"", "\"error\"", "\"tcp\"", "\"udp\"", "\"sctp\"", "\"icmp\"",
            "\"10.0.0.10\"", "\"10.0.0.10:80\"", "\"10.0.0.10:0\"", "\"10.0.0.10/0\"", "\"[fd00::10]:80\"", "\"fd00::10:80\"",
            "\"fd00::10\"", "\"ff02::1\"", "\"10.10.10.226:80,10.10.10.226:80\"", "\"10.10.10.226:80,,\"",
            "\"3f3e18b5-76a0-4b90-9d13-727224458380\"", "\"00000000-0000-0000-0000-000000000000\"",
            "null", "true", "5", "[]", "{}", "[\"set\",[]]", "[\"map\",[]]", "[\"set\",[\"x\",\"y\"]]",
            "[\"uuid\",\"3f3e18b5-76a0-4b90-9d13-727224458380\"]", "[\"named-uuid\",\"a\"]", "[\"map\",[[1,2]]]",
            "\"" + new string('a', 300) + "\"",
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xff, 0xfe, (byte)'"'],
        [(byte)'"', 0xc3, 0x28, (byte)'"'],
        [(byte)'"', 0xed, 0xa0, 0x80, (byte)'"'],
    ];

    private static readonly Regex NumberToken = new(@"-?[0-9][0-9.eE+\-]*", RegexOptions.CultureInvariant);

    private static readonly Regex StringToken = new(@"""(?:[^""\\]|\\.)*""", RegexOptions.CultureInvariant);

    public byte[] Apply(byte[] input)
    {
        int at = input.Length == 0 ? 0 : Position % (input.Length + 1);
        int length = Math.Min(Length, input.Length - at);
        return Kind switch
        {
            MutationKind.FlipBit when input.Length > 0 => FlipBit(input, Position % input.Length),
            MutationKind.Truncate => input[..at],
            MutationKind.InsertBytes => [.. input[..at], .. Payload, .. input[at..]],
            MutationKind.DeleteSlice => [.. input[..at], .. input[(at + length)..]],
            MutationKind.DuplicateSlice => [.. input[..(at + length)], .. input[at..]],
            MutationKind.ReplaceNumber => Replace(input, NumberToken, Encoding.UTF8.GetBytes(Numbers[Length % Numbers.Length])),
            MutationKind.ReplaceString => Replace(input, StringToken, Strings[Length % Strings.Length]),
            _ => input,
        };
    }

    public override string ToString() => $"{Kind} at {Position} length {Length} payload {Convert.ToHexString(Payload)}";

    private byte[] FlipBit(byte[] input, int at)
    {
        var copy = (byte[])input.Clone();
        copy[at] ^= (byte)(1 << (Length % 8));
        return copy;
    }

    /// <summary>Replaces one token; Latin-1 maps bytes to chars one to one, so the regex sees raw bytes.</summary>
    private byte[] Replace(byte[] input, Regex token, byte[] replacement)
    {
        var matches = token.Matches(Encoding.Latin1.GetString(input));
        if (matches.Count == 0)
        {
            return input;
        }

        var match = matches[Position % matches.Count];
        return [.. input[..match.Index], .. replacement, .. input[(match.Index + match.Length)..]];
    }
}
