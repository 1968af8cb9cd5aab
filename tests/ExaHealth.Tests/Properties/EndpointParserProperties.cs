using System.Net;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Strict address parsing, over any text: it never throws; what it accepts is a usable address
/// with a port of 1-65535 or none, written back it parses to the same value; and the three entry
/// points (endpoint, address, UTF-8 address) agree.
/// </summary>
[TestClass]
internal sealed class EndpointParserProperties
{
    /// <summary>Text near the grammar (digits, dots, colons, brackets, hex, scope and prefix marks, blanks, controls, non-ASCII digits) and anything at all.</summary>
    public static readonly Gen<string> NearEndpoint = Gen.Frequency<string>(
        (4, Gen.OneOf<string>(
            "0", "1", "9", "10", "255", "256", "00", "65535", "65536", ".", ":", "::", "[", "]", "a", "f", "F", "g", "ffff", "%", "/", "/0",
            " ", "\t", "\n", "\0", "\u0663", "\uff11", "é", "-", "+", ",").Array[0, 14].Select(string.Concat)),
        (2, Gen.Select(Endpoints.Written(Gen.OneOf<IPAddress>(Endpoints.V4, Endpoints.V6)), Gen.Int[0, 65536], Gen.OneOf<string>("", "", "/0", " ", ":", "%eth0", "]", "\n"),
            (a, port, suffix) => Endpoints.Format(a.Text, a.Address.AddressFamily == AddressFamily.InterNetworkV6, port) + suffix)),
        (1, Gen.String),
        (1, Mutator.Of([.. new[] { "10.0.0.10:80", "[fd00::10]:80", "fd10::226", "10.10.10.226" }.Select(Encoding.UTF8.GetBytes)])
            .Select(m => Encoding.Latin1.GetString(m.Bytes))));

    [TestMethod]
    public void TryParseEndpoint_AnyText_AcceptsOnlyUsableEndpointsThatRoundTrip()
    {
        NearEndpoint.Sample(text =>
        {
            if (!EndpointParser.TryParseEndpoint(text, out var endpoint))
            {
                return;
            }

            Assert.IsTrue(endpoint.Port is >= 0 and <= 65535, "0 is no port, else 1-65535");
            Assert.IsFalse(endpoint.Address.ToAddress().IsIPv6Multicast);
            Assert.IsFalse(text.Any(char.IsWhiteSpace) || text.Any(char.IsControl) || text.Contains('%') || text.Contains('/'), "nothing is trimmed or ignored");
            Assert.IsTrue(EndpointParser.TryParseEndpoint(Endpoints.Format(endpoint), out var again), Endpoints.Format(endpoint));
            Assert.AreEqual(endpoint, again);
        }, iter: 2000, print: Printable);
    }

    [TestMethod]
    public void TryParseEndpoint_GeneratedEndpoints_ReadAsWritten()
    {
        Gen.Select(Endpoints.Written(Gen.OneOf<IPAddress>(Endpoints.V4, Endpoints.V6)), Gen.Frequency<int>((1, Gen.Const(0)), (3, Gen.Int[1, 65535])))
            .Sample((address, port) =>
            {
                bool v6 = address.Address.AddressFamily == AddressFamily.InterNetworkV6;
                var text = Endpoints.Format(address.Text, v6, port);

                Assert.IsTrue(EndpointParser.TryParseEndpoint(text, out var endpoint), text);
                Assert.AreEqual(new ServiceEndpoint(IpKey.From(address.Address), port), endpoint, text);
                Assert.AreEqual(v6, endpoint.Address.IsV6);
            }, iter: 2000);
    }

    [TestMethod]
    public void TryParseAddress_AnyText_EntryPointsAgree()
    {
        NearEndpoint.Sample(text =>
        {
            bool asKey = EndpointParser.TryParseKey(text, out var key);
            bool asAddress = EndpointParser.TryParseAddress(text.AsSpan(), out IPAddress? address);
            bool asUtf8 = EndpointParser.TryParseAddress(Encoding.UTF8.GetBytes(text), out IpKey utf8Key);

            Assert.AreEqual(asKey, asAddress);
            Assert.AreEqual(asKey && text.Length <= 45 && Ascii.IsValid(text), asUtf8, "the UTF-8 form takes ASCII up to 45 bytes, the longest address");
            if (asKey)
            {
                Assert.AreEqual(key, IpKey.From(address!));
                Assert.IsTrue(EndpointParser.TryParseEndpoint(text, out var endpoint), "a plain address is an endpoint without a port");
                Assert.AreEqual(new ServiceEndpoint(key, 0), endpoint);
            }

            if (asUtf8)
            {
                Assert.AreEqual(key, utf8Key);
            }
        }, iter: 2000, print: Printable);
    }

    [TestMethod]
    public void TryParseEndpoint_HugeText_False()
    {
        Gen.Select(Gen.OneOf<string>("1", ":", "[", "1.", "f:", "["), Gen.Int[10_000, 200_000], Gen.OneOf<string>("", "]:80", ":80"))
            .Sample((unit, count, tail) =>
            {
                var text = string.Concat(Enumerable.Repeat(unit, count / unit.Length)) + tail;

                Assert.IsFalse(EndpointParser.TryParseEndpoint(text, out _));
                Assert.IsFalse(EndpointParser.TryParseKey(text, out _));
            }, iter: 30);
    }

    private static string Printable(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text)) + " " + ExaHealth.Text.Printable.Of(text, 200);
}
