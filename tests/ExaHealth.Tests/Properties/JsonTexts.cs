using CsCheck;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Generators of valid JSON text, written out by hand so that it holds what a tokenizer finds hard:
/// escapes, multi-byte UTF-8 (split across reads), brackets inside strings, long numbers.
/// </summary>
internal static class JsonTexts
{
    private static readonly Gen<string> StringPiece = Gen.OneOf<string>(
        "a", "Z", "0", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\u0000", "\\ud83d\\ude00",
        "é", "中", "😀", "{", "}", "[", "]", ",", ":", "\\\"}");

    public static readonly Gen<string> String = StringPiece.Array[0, 6].Select(p => "\"" + string.Concat(p) + "\"");

    public static readonly Gen<string> Number = Gen.OneOf<string>(
        Gen.OneOf<string>("0", "-0", "12.5", "-1", "1e10", "3.14E-5", "123456789012345678901234567890", "-9223372036854775808"),
        Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static readonly Gen<string> Scalar = Gen.OneOf<string>(String, Number, Gen.OneOf<string>("true", "false", "null"));

    /// <summary>Whitespace JSON allows between tokens and between messages.</summary>
    public static readonly Gen<string> Space = Gen.OneOf<string>("", "", " ", "\n", "\r\n", "\t", " \n\t ");

    /// <summary>A value of any kind, nested a few levels.</summary>
    public static readonly Gen<string> Value = Gen.Recursive<string>((depth, self) => depth >= 4
        ? Scalar
        : Gen.Frequency<string>((3, Scalar), (1, ArrayOf(self)), (1, ObjectOf(self))));

    /// <summary>An object or an array: a value whose end a tokenizer sees without reading past it, as every OVSDB message is.</summary>
    public static readonly Gen<string> Container = Gen.OneOf<string>(ArrayOf(Value), ObjectOf(Value));

    private static Gen<string> ArrayOf(Gen<string> element) =>
        Gen.Select(element.Array[0, 4], Space, (items, space) => "[" + space + string.Join("," + space, items) + "]");

    private static Gen<string> ObjectOf(Gen<string> element) =>
        Gen.Select(Gen.Select(String, element).Array[0, 4], Space, (members, space) =>
            "{" + space + string.Join(",", members.Select(m => m.Item1 + space + ":" + m.Item2)) + space + "}");
}
