using System.Text;
using CsCheck;
using ExaHealth.ExaBgp;

namespace ExaHealth.Tests.Properties;

/// <summary>ExaBGP's stdin lines, random and damaged: the parser is total, and blanks and line ends do not change a line's meaning.</summary>
[TestClass]
internal sealed class ExaBgpInputParserProperties
{
    // Lines of the forms ExaBGP 4.2 writes (encoder json and text, neighbor-changes, acks).
    private static readonly byte[][] Lines = [.. new[]
    {
        "done", "error", "shutdown 17944 17824", "neighbor 127.0.0.3 up", "neighbor 2001:db8::3 down - peer reset",
        """{ "exabgp": "4.0.1", "type": "state", "neighbor": { "address": { "local": "127.0.0.2", "peer": "127.0.0.3" }, "state": "up" } }""",
        """{ "exabgp": "4.0.1", "type": "state", "neighbor": { "address": { "local": "::1", "peer": "2001:db8::3" }, "state": "down", "reason": "x" } }""",
        """{ "exabgp": "4.0.1", "type": "notification", "notification": "shutdown" }""",
    }.Select(Encoding.UTF8.GetBytes)];

    private static readonly Gen<byte[]> AnyLine = Gen.Frequency<byte[]>(
        (1, Gen.Byte.Array[0, 200]),
        (3, Mutator.Of(Lines, maxMutations: 3).Select(m => m.Bytes)));

    [TestMethod]
    public void Parse_AnyBytes_ResultNotException() => AnyLine.Sample(CheckTotal, iter: 3000, print: Convert.ToHexString);

    [TestMethod]
    public void Parse_SurroundingBlanksAndCarriageReturn_SameMeaning()
    {
        Gen.Select(AnyLine, Gen.OneOf<string>(" ", "\t", " \t ")).Sample((line, blank) =>
        {
            var expected = ExaBgpInputParser.Parse(line);
            var padding = Encoding.ASCII.GetBytes(blank);

            Assert.AreEqual(expected, ExaBgpInputParser.Parse([.. line, (byte)'\r']));
            Assert.AreEqual(expected, ExaBgpInputParser.Parse([.. padding, .. line]));
        }, iter: 1000, print: t => Convert.ToHexString(t.Item1));
    }

    private static void CheckTotal(byte[] line)
    {
        var input = ExaBgpInputParser.Parse(line);

        Assert.IsTrue(Enum.IsDefined(input.Kind));
        Assert.AreEqual(input.Kind is ExaBgpInputKind.NeighborUp or ExaBgpInputKind.NeighborDown, input.Peer is not null && input.Kind != ExaBgpInputKind.Other,
            "neighbor events carry their peer, and only they do");
    }
}
