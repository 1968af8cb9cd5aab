using System.Net;
using System.Text.RegularExpressions;
using ExaHealth.ExaBgp;
using ExaHealth.Routes;

namespace ExaHealth.Tests.ExaBgp;

[TestClass]
internal sealed partial class CommandFormatterTests
{
    private static readonly RouteAttributes V4 = new() { NextHop = new NextHop(IPAddress.Parse("192.0.2.10")), Origin = Origin.Igp };
    private static readonly RouteAttributes V6 = new() { NextHop = new NextHop(IPAddress.Parse("2001:db8::1")), Origin = Origin.Igp };

    [TestMethod]
    public void Format_SingleAnnounce_RouteForm()
    {
        var lines = CommandFormatter.Format([Announce("10.0.0.10", V4)]);

        CollectionAssert.AreEqual(new[] { "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp" }, lines);
    }

    [TestMethod]
    public void Format_SingleWithdraw_CarriesOnlyTheNextHop()
    {
        var attributes = V4 with { Med = 10, Communities = [new Community(65000, 1)] };

        var lines = CommandFormatter.Format([new RouteChange(RouteChangeKind.Withdraw, Route("10.0.0.10", attributes))]);

        CollectionAssert.AreEqual(new[] { "withdraw route 10.0.0.10/32 next-hop 192.0.2.10" }, lines);
    }

    [TestMethod]
    public void Format_AllAttributes_InSpecOrder()
    {
        var attributes = new RouteAttributes
        {
            NextHop = NextHop.Self,
            Origin = Origin.Incomplete,
            AsPath = [65000, 4200000000],
            Med = 50,
            LocalPreference = 200,
            Communities = [new Community(65000, 1), new Community(65535, 65281)],
            LargeCommunities = [new LargeCommunity(4200000000, 1, 2)],
            Neighbors = [IPAddress.Parse("127.0.0.3"), IPAddress.Parse("2001:db8::3")],
        };

        var line = CommandFormatter.Format([Announce("fd00::10", attributes)]).Single();

        Assert.AreEqual(
            "neighbor 127.0.0.3, neighbor 2001:db8::3 announce route fd00::10/128 next-hop self origin incomplete as-path [65000 4200000000] "
            + "med 50 local-preference 200 community [65000:1 65535:65281] large-community [4200000000:1:2]",
            line);
    }

    [TestMethod]
    public void Format_ManyRoutesSharingAttributes_GroupedByFortyEight()
    {
        var changes = Enumerable.Range(1, 97).Select(i => Announce($"10.0.0.{i}", V4)).ToList();

        var lines = CommandFormatter.Format(changes);

        Assert.HasCount(3, lines);
        Assert.StartsWith("announce attributes next-hop 192.0.2.10 origin igp nlri 10.0.0.1/32 10.0.0.2/32 ", lines[0]);
        Assert.AreEqual(48, lines[0].Split(' ').Count(t => t.EndsWith("/32", StringComparison.Ordinal)));
        Assert.AreEqual(48, lines[1].Split(' ').Count(t => t.EndsWith("/32", StringComparison.Ordinal)));
        Assert.AreEqual("announce route 10.0.0.97/32 next-hop 192.0.2.10 origin igp", lines[2], "a lone last prefix uses the route form");
    }

    [TestMethod]
    public void Format_GroupedWithdraw_AttributesFormWithNextHop()
    {
        var lines = CommandFormatter.Format([Withdraw("10.0.0.10", V4), Withdraw("10.0.0.11", V4)]);

        CollectionAssert.AreEqual(new[] { "withdraw attributes next-hop 192.0.2.10 nlri 10.0.0.10/32 10.0.0.11/32" }, lines);
    }

    [TestMethod]
    public void Format_GroupedPrefixes_InAddressOrder()
    {
        // Numeric, not textual, and not the order the tables handed them over in.
        var lines = CommandFormatter.Format(
        [
            Withdraw("10.0.1.0", V4), Withdraw("10.0.0.100", V4), Withdraw("10.0.0.9", V4), Withdraw("10.0.0.10", V4),
            Announce("fd00::10", V6), Announce("fd00::9", V6), Announce("fd00::1:0", V6),
        ]);

        CollectionAssert.AreEqual(new[]
        {
            "withdraw attributes next-hop 192.0.2.10 nlri 10.0.0.9/32 10.0.0.10/32 10.0.0.100/32 10.0.1.0/32",
            "announce attributes next-hop 2001:db8::1 origin igp nlri fd00::9/128 fd00::10/128 fd00::1:0/128",
        }, lines);
    }

    [TestMethod]
    public void Format_PrefixWithdrawnThenAnnounced_OrderOfItsChangesKept()
    {
        var lines = CommandFormatter.Format([Withdraw("10.0.0.20", V4), Withdraw("10.0.0.10", V4), Announce("10.0.0.30", V4), Announce("10.0.0.20", V4)]);

        CollectionAssert.AreEqual(new[]
        {
            "withdraw attributes next-hop 192.0.2.10 nlri 10.0.0.10/32 10.0.0.20/32",
            "announce attributes next-hop 192.0.2.10 origin igp nlri 10.0.0.20/32 10.0.0.30/32",
        }, lines);
    }

    [TestMethod]
    public void Format_SamePrefixTwiceWithTheSameAttributes_SecondOnALaterLine()
    {
        var lines = CommandFormatter.Format([Announce("10.0.0.20", V4), Announce("10.0.0.10", V4), Announce("10.0.0.20", V4), Announce("10.0.0.30", V4)]);

        CollectionAssert.AreEqual(new[]
        {
            "announce attributes next-hop 192.0.2.10 origin igp nlri 10.0.0.10/32 10.0.0.20/32",
            "announce attributes next-hop 192.0.2.10 origin igp nlri 10.0.0.20/32 10.0.0.30/32",
        }, lines);
    }

    [TestMethod]
    public void Format_EqualAttributesInDifferentObjects_OneLine()
    {
        var copy = V4 with { };

        var lines = CommandFormatter.Format([Announce("10.0.0.10", V4), Announce("10.0.0.11", copy), Announce("10.0.0.12", V4)]);

        CollectionAssert.AreEqual(new[] { "announce attributes next-hop 192.0.2.10 origin igp nlri 10.0.0.10/32 10.0.0.11/32 10.0.0.12/32" }, lines);
    }

    [TestMethod]
    public void Format_MixedFamiliesAndAttributes_SeparateLines()
    {
        var lines = CommandFormatter.Format(
        [
            Announce("10.0.0.10", V4), Announce("fd00::10", V6), Announce("10.0.0.11", V4 with { Med = 5 }),
            Withdraw("10.0.0.12", V4), Announce("10.0.0.13", V4),
        ]);

        CollectionAssert.AreEqual(new[]
        {
            "announce attributes next-hop 192.0.2.10 origin igp nlri 10.0.0.10/32 10.0.0.13/32",
            "announce route fd00::10/128 next-hop 2001:db8::1 origin igp",
            "announce route 10.0.0.11/32 next-hop 192.0.2.10 origin igp med 5",
            "withdraw route 10.0.0.12/32 next-hop 192.0.2.10",
        }, lines);
    }

    [TestMethod]
    public void Format_EveryLine_MatchesTheSpecGrammar()
    {
        var attributes = V4 with { AsPath = [1, 2], Med = 1, LocalPreference = 2, Communities = [new Community(1, 2)], LargeCommunities = [new LargeCommunity(1, 2, 3)] };
        var changes = Enumerable.Range(1, 60).SelectMany(i => new[] { Announce($"10.0.0.{i}", attributes), Withdraw($"10.0.1.{i}", V4), Announce($"fd00::{i:x}", V6) }).ToList();

        foreach (var line in CommandFormatter.Format(changes))
        {
            Assert.MatchesRegex(Grammar(), line);
        }
    }

    [GeneratedRegex(@"^(neighbor [0-9a-f.:]+(, neighbor [0-9a-f.:]+)* )?(announce (route \S+/\d+ next-hop \S+( origin (igp|egp|incomplete))?( as-path \[\d+( \d+)*\])?( med \d+)?( local-preference \d+)?( community \[\d+:\d+( \d+:\d+)*\])?( large-community \[\d+:\d+:\d+( \d+:\d+:\d+)*\])?|attributes next-hop \S+( origin (igp|egp|incomplete))?( as-path \[\d+( \d+)*\])?( med \d+)?( local-preference \d+)?( community \[\d+:\d+( \d+:\d+)*\])?( large-community \[\d+:\d+:\d+( \d+:\d+:\d+)*\])? nlri( \S+/\d+){2,48})|withdraw (route \S+/\d+ next-hop \S+|attributes next-hop \S+ nlri( \S+/\d+){2,48}))$")]
    private static partial Regex Grammar();

    private static Route Route(string address, RouteAttributes attributes) => new(HostPrefix.For(IPAddress.Parse(address)), attributes);

    private static RouteChange Announce(string address, RouteAttributes attributes) => new(RouteChangeKind.Announce, Route(address, attributes));

    private static RouteChange Withdraw(string address, RouteAttributes attributes) => new(RouteChangeKind.Withdraw, Route(address, attributes));
}
