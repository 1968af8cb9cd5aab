using ExaHealth.Southbound;

namespace ExaHealth.Tests.Southbound;

/// <summary>Load_Balancer.vips entries, parsed as ovn-northd parses them, but never repaired.</summary>
[TestClass]
internal sealed class VipParserTests
{
    [TestMethod]
    public void TryParseEntry_IPv4WithPorts_ReadsVipAndBackends()
    {
        var entry = Parse("10.0.0.10:80", "10.10.10.226:80,10.10.10.227:80");

        Assert.AreEqual("10.0.0.10", entry.Vip.Address.ToString());
        Assert.AreEqual(80, entry.Vip.Port);
        CollectionAssert.AreEqual(new[] { "10.10.10.226:80", "10.10.10.227:80" }, entry.Backends.Select(b => $"{b.Address}:{b.Port}").ToArray());
    }

    [TestMethod]
    public void TryParseEntry_BracketedIPv6_ReadsVipAndBackends()
    {
        var entry = Parse("[fd00::10]:80", "[fd10::226]:80,[fd10::227]:80");

        Assert.AreEqual("fd00::10", entry.Vip.Address.ToString());
        Assert.HasCount(2, entry.Backends);
    }

    [TestMethod]
    [DataRow("10.0.0.10", "10.10.10.226,10.10.10.227", 2)]
    [DataRow("fd00::10", "fd10::226", 1)]
    [DataRow("[fd00::10]", "[fd10::226]", 1)]
    public void TryParseEntry_VipWithoutPort_AcceptsBackendsWithoutPort(string vip, string backends, int count)
    {
        var entry = Parse(vip, backends);

        Assert.HasCount(count, entry.Backends);
        Assert.IsTrue(entry.Backends.All(b => b.Port == 0));
    }

    [TestMethod]
    public void TryParseEntry_UnbracketedIPv6WithPort_IsAnAddressWithoutPortNotAGuess()
    {
        Assert.IsFalse(VipParser.TryParseEntry("fd00::10:80", "[fd10::226]:80", out _, out var error));
        StringAssert.Contains(error, "has a port the VIP lacks");
        Assert.AreEqual("fd00::10:80", Parse("fd00::10:80", "").Vip.Address.ToString());
    }

    [TestMethod]
    [DataRow("", 0)]
    [DataRow(",10.10.10.226:80,,10.10.10.227:80,", 2)]
    public void TryParseEntry_EmptyItems_AreSkippedAsOvnDoes(string backends, int count)
    {
        Assert.HasCount(count, Parse("10.0.0.10:80", backends).Backends);
    }

    [TestMethod]
    [DataRow("10.0.0.10:80\nwithdraw route 10.0.0.0/24", "10.10.10.226:80")]
    [DataRow("10.0.0.10:99999", "10.10.10.226:80")]
    [DataRow("fd00::10]:80", "[fd10::226]:80")]
    [DataRow("not-an-address", "10.10.10.226:80")]
    [DataRow("", "10.10.10.226:80")]
    [DataRow("10.0.0.10:80", "10.10.10.226:80,bogus")]
    [DataRow("10.0.0.10:80", "10.10.10.226:80, 10.10.10.227:80")]
    [DataRow("10.0.0.10:80", "10.10.10.226:80,10.10.10.227")]
    [DataRow("10.0.0.10", "10.10.10.226:80")]
    [DataRow("10.0.0.10:80", "10.10.10.226:80,[fd10::227]:80")]
    [DataRow("10.0.0.10:80", "10.10.10.226:80\nannounce route 1.1.1.1/32 next-hop self")]
    [DataRow("10.0.0.10:80", "10.10.10.226:80 ")]
    public void TryParseEntry_AnythingMalformed_RefusesTheWholeEntry(string vip, string backends)
    {
        Assert.IsFalse(VipParser.TryParseEntry(vip, backends, out _, out var error));
        Assert.IsFalse(string.IsNullOrEmpty(error));
        Assert.IsFalse(error.Contains('\n', StringComparison.Ordinal), "the reason fits one log line");
    }

    private static VipEntry Parse(string key, string value)
    {
        Assert.IsTrue(VipParser.TryParseEntry(key, value, out var entry, out var error), error);
        return entry;
    }
}
