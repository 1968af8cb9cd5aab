using System.Buffers;
using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Fuzz;

/// <summary>Error members that made <see cref="OvsdbMessageReader.DescribeError"/> throw (found by tests/ExaHealth.Fuzz).</summary>
[TestClass]
internal sealed class OvsdbMessageReaderFuzzTests
{
    [TestMethod]
    [DataRow("\"\u00ff\"", "\"\ufffd\"")]
    [DataRow("{\"error\":\"\u00ff\",\"\":\"\"}", "{\"error\":\"\ufffd\",\"\":\"\"}")]
    [DataRow("{\"error\":\"x\",\"details\":\"\\udc00\"}", "{\"error\":\"x\",\"details\":\"\\udc00\"}")]
    public void DescribeError_StringDoesNotDecode_RawFormWithBytesReplaced(string error, string expected)
    {
        string described = OvsdbMessageReader.DescribeError(new ReadOnlySequence<byte>(SessionReplay.Bytes(error)));

        Assert.AreEqual(expected, described);
    }
}
