using System.Net;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Southbound;

[TestClass]
internal sealed class BackendTableTests
{
    private static readonly BackendKey Key = new(IpKey.V4(0x0A800001), 80, BackendProtocol.Tcp);

    [TestMethod]
    [DataRow(null, DisplayName = "row without a logical port")]
    [DataRow("lsp-a", DisplayName = "row of a logical port")]
    public void Move_AStatusFlip_CountsAsOutAndInAgain_VisitsOnce(string? port)
    {
        var moved = Table(port, out var vip);
        var counted = Table(port, out _);
        int visits = 0;

        moved.Move(Key, port, BackendStatus.Online, BackendStatus.Offline, _ => visits++);
        counted.Count(Key, port, BackendStatus.Online, -1, _ => { });
        counted.Count(Key, port, BackendStatus.Offline, +1, _ => { });

        Assert.AreEqual(1, visits);
        Assert.AreEqual(new BackendRowCounts(2, 1, 1, 0), moved.Counts(Key));
        Assert.AreEqual(counted.Counts(Key), moved.Counts(Key));
        Assert.AreEqual(counted.Counts(Key with { LogicalPort = "lsp-a" }), moved.Counts(Key with { LogicalPort = "lsp-a" }));
        Assert.AreEqual(IPAddress.Parse("10.0.0.10"), vip.Address);
    }

    /// <summary>Two online rows of the backend (one on <paramref name="port"/>), served by one VIP.</summary>
    private static BackendTable Table(string? port, out VipBackends vip)
    {
        var table = new BackendTable();
        vip = new VipBackends(IpKey.From(IPAddress.Parse("10.0.0.10")), 1);
        table.AddUser(Key, vip);
        table.Count(Key, port, BackendStatus.Online, +1, _ => { });
        table.Count(Key, "lsp-b", BackendStatus.Online, +1, _ => { });
        return table;
    }
}
