using System.Runtime.CompilerServices;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Southbound;

/// <summary>The packed Service_Monitor row: every combination reads back as written, in 32 bytes.</summary>
[TestClass]
internal sealed class MonitorRowTests
{
    [TestMethod]
    public void Size_Is32Bytes() => Assert.AreEqual(32, Unsafe.SizeOf<MonitorRow>(), "tens of thousands of rows: each byte is tens of kilobytes");

    [TestMethod]
    [DataRow(true, null)]
    [DataRow(false, null)]
    [DataRow(true, BackendProtocol.Tcp)]
    [DataRow(false, BackendProtocol.Udp)]
    [DataRow(true, BackendProtocol.Sctp)]
    public void Flags_ReadBackAsWritten_InEitherOrder(bool hasAddress, BackendProtocol? protocol)
    {
        var built = new MonitorRow(IpKey.V4(1), hasAddress, 80, protocol, BackendStatus.Online);
        var protocolFirst = MonitorRow.Empty with { Protocol = protocol, HasAddress = hasAddress };
        var addressFirst = MonitorRow.Empty with { HasAddress = hasAddress, Protocol = protocol };

        foreach (var row in new[] { built, protocolFirst, addressFirst })
        {
            Assert.AreEqual(hasAddress, row.HasAddress);
            Assert.AreEqual(protocol, row.Protocol);
        }

        Assert.AreEqual(hasAddress && protocol is not null, built.Key is not null);
        Assert.AreEqual(protocolFirst, addressFirst);
    }
}
