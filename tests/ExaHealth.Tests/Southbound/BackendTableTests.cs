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
        var moved = Table(port, out var vip, out int slot);
        var counted = Table(port, out _, out _);
        int visits = 0;

        moved.Move(slot, port, BackendStatus.Online, BackendStatus.Offline);
        moved.VisitUsers(slot, _ => visits++);
        counted.Count(Key, port, BackendStatus.Online, -1, _ => { });
        counted.Count(Key, port, BackendStatus.Offline, +1, _ => { });

        Assert.AreEqual(1, visits);
        Assert.AreEqual(new BackendRowCounts(2, 1, 1, 0), moved.Counts(Key));
        Assert.AreEqual(counted.Counts(Key), moved.Counts(Key));
        Assert.AreEqual(counted.Counts(Key with { LogicalPort = "lsp-a" }), moved.Counts(Key with { LogicalPort = "lsp-a" }));
        Assert.AreEqual(IPAddress.Parse("10.0.0.10"), vip.Address);
    }

    [TestMethod]
    public void Count_ABackendGoneAndANewOne_ReusesItsSlotAndLeavesTheOthersSlotsAlone()
    {
        var table = new BackendTable();
        var other = Key with { Port = 81 };
        var third = Key with { Port = 82 };
        int first = table.Count(Key, null, BackendStatus.Online, +1, _ => { });
        int second = table.Count(other, null, BackendStatus.Online, +1, _ => { });

        Assert.AreEqual(-1, table.Count(Key, null, BackendStatus.Online, -1, _ => { }), "its last row counted out: the backend is gone");
        int reused = table.Count(third, null, BackendStatus.Offline, +1, _ => { });
        table.Move(second, null, BackendStatus.Online, BackendStatus.Offline);

        Assert.AreEqual(first, reused);
        Assert.AreEqual(default, table.Counts(Key));
        Assert.AreEqual(new BackendRowCounts(1, 0, 1, 0), table.Counts(other));
        Assert.AreEqual(new BackendRowCounts(1, 0, 1, 0), table.Counts(third));
    }

    [TestMethod]
    public void Count_ManyBackends_SlotsKeepTheirEntriesAsTheTableGrowsAndIsTrimmed()
    {
        var table = new BackendTable();
        var vip = new VipBackends(IpKey.From(IPAddress.Parse("10.0.0.10")), 1);
        var slots = new int[1000];
        for (int i = 0; i < slots.Length; i++)
        {
            // Users first, as a snapshot adds them: the slot is made by AddUser, then found by Count.
            table.AddUser(Key with { Port = i + 1 }, vip);
            slots[i] = table.Count(Key with { Port = i + 1 }, null, BackendStatus.Online, +1, _ => { });
        }

        table.TrimExcess();
        int visits = 0;
        for (int i = 0; i < slots.Length; i += 2)
        {
            table.Move(slots[i], null, BackendStatus.Online, BackendStatus.Offline);
            table.VisitUsers(slots[i], _ => visits++);
        }

        Assert.AreEqual(slots.Length, slots.Distinct().Count());
        Assert.AreEqual(slots.Length / 2, visits);
        for (int i = 0; i < slots.Length; i++)
        {
            var expected = i % 2 == 0 ? new BackendRowCounts(1, 0, 1, 0) : new BackendRowCounts(1, 1, 0, 0);
            Assert.AreEqual(expected, table.Counts(Key with { Port = i + 1 }), $"port {i + 1}");
        }
    }

    [TestMethod]
    public void LayOut_TheRowsOrderFirstThenTheRest_EntriesFoundWhereTheyMovedAndFreeSlotsDropped()
    {
        var table = new BackendTable();
        var vip = new VipBackends(IpKey.From(IPAddress.Parse("10.0.0.10")), 1);
        var keys = Enumerable.Range(1, 6).Select(p => Key with { Port = p }).ToArray();
        var slots = keys.Select(k => table.Count(k, null, BackendStatus.Online, +1, _ => { })).ToArray();
        table.AddUser(keys[5], vip);
        table.Count(keys[2], null, BackendStatus.Online, -1, _ => { });

        var moved = table.LayOut([slots[4], slots[0], slots[4], slots[3]]);

        Assert.AreEqual(-1, moved[slots[2]], "the freed slot is gone");
        Assert.AreEqual(0, moved[slots[4]]);
        Assert.AreEqual(1, moved[slots[0]]);
        Assert.AreEqual(2, moved[slots[3]]);
        CollectionAssert.AreEquivalent(new[] { 3, 4 }, new[] { moved[slots[1]], moved[slots[5]] }, "the rest after, in any order");
        int visits = 0;
        table.Move(moved[slots[5]], null, BackendStatus.Online, BackendStatus.Offline);
        table.VisitUsers(moved[slots[5]], _ => visits++);
        Assert.AreEqual(1, visits, "the users moved with the entry");
        Assert.AreEqual(new BackendRowCounts(1, 0, 1, 0), table.Counts(keys[5]));
        Assert.AreEqual(new BackendRowCounts(1, 1, 0, 0), table.Counts(keys[4]));
        Assert.AreEqual(default, table.Counts(keys[2]));
        Assert.AreEqual(5, table.Count(keys[2], null, BackendStatus.Online, +1, _ => { }), "a new backend takes the next slot");
    }

    /// <summary>Two online rows of the backend (one on <paramref name="port"/>), served by one VIP.</summary>
    private static BackendTable Table(string? port, out VipBackends vip, out int slot)
    {
        var table = new BackendTable();
        vip = new VipBackends(IpKey.From(IPAddress.Parse("10.0.0.10")), 1);
        table.AddUser(Key, vip);
        slot = table.Count(Key, port, BackendStatus.Online, +1, _ => { });
        table.Count(Key, "lsp-b", BackendStatus.Online, +1, _ => { });
        return table;
    }
}
