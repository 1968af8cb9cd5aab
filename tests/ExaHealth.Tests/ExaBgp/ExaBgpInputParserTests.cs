using System.Text;
using ExaHealth.ExaBgp;

namespace ExaHealth.Tests.ExaBgp;

[TestClass]
internal sealed class ExaBgpInputParserTests
{
    // Exact lines ExaBGP 4.2.21 writes with encoder json and neighbor-changes.
    private const string Up = """{ "exabgp": "4.0.1", "time": 1795604887.2210994, "host" : "vm", "pid" : 17138, "ppid" : 17037, "counter": 2, "type": "state", "neighbor": { "address": { "local": "127.0.0.2", "peer": "127.0.0.3" }, "asn": { "local": 65000, "peer": 65001 } , "state": "up" } }""";
    private const string Down = """{ "exabgp": "4.0.1", "time": 1795604945.4345894, "host" : "vm", "pid" : 17944, "ppid" : 17824, "counter": 4, "type": "state", "neighbor": { "address": { "local": "127.0.0.2", "peer": "127.0.0.3" }, "asn": { "local": 65000, "peer": 65001 } , "state": "down", "reason": "peer reset" } }""";
    private const string Connected = """{ "exabgp": "4.0.1", "time": 1795604945.4029653, "host" : "vm", "pid" : 17944, "ppid" : 17824, "counter": 1, "type": "state", "neighbor": { "address": { "local": "127.0.0.2", "peer": "127.0.0.3" }, "asn": { "local": 65000, "peer": 65001 } , "state": "connected" } }""";
    private const string Shutdown = """{ "exabgp": "4.0.1", "time": 1795604947.797024, "host" : "vm", "pid" : 17944, "ppid" : 17824, "type": "notification", "notification": "shutdown" }""";

    [TestMethod]
    [DataRow("done", ExaBgpInputKind.Done)]
    [DataRow("done\r", ExaBgpInputKind.Done)]
    [DataRow("error", ExaBgpInputKind.Error)]
    [DataRow("", ExaBgpInputKind.Blank)]
    [DataRow("   ", ExaBgpInputKind.Blank)]
    [DataRow(Up, ExaBgpInputKind.NeighborUp)]
    [DataRow(Down, ExaBgpInputKind.NeighborDown)]
    [DataRow(Connected, ExaBgpInputKind.Other)]
    [DataRow(Shutdown, ExaBgpInputKind.Shutdown)]
    [DataRow("neighbor 127.0.0.3 up", ExaBgpInputKind.NeighborUp)]
    [DataRow("neighbor 2001:db8::3 down - peer reset, message [closing connection]", ExaBgpInputKind.NeighborDown)]
    [DataRow("neighbor 127.0.0.3 connected", ExaBgpInputKind.Other)]
    [DataRow("shutdown 17944 17824", ExaBgpInputKind.Shutdown)]
    [DataRow("donee", ExaBgpInputKind.Other)]
    [DataRow("{ \"exabgp\": \"5.0.15\", \"time\": 1764936000.1, \"host\": \"r1\", \"pid\": 42, \"ppid\": 1, \"counter\": 3, \"type\": \"state\", \"neighbor\": { \"address\": { \"local\": \"127.0.0.2\", \"peer\": \"127.0.0.3\" }, \"asn\": { \"local\": 65001, \"peer\": 65000 }, \"state\": \"up\" } }", ExaBgpInputKind.NeighborUp)]
    [DataRow("{ \"exabgp\": \"6.0.0\", \"type\": \"state\", \"neighbor\": { \"address\": { \"peer\": \"127.0.0.3\" }, \"state\": \"up\" } }", ExaBgpInputKind.UnsupportedVersion)]
    [DataRow("{ \"exabgp\": \"10.1\", \"type\": \"notification\", \"notification\": \"shutdown\" }", ExaBgpInputKind.UnsupportedVersion)]
    [DataRow("{ \"type\": \"state\", \"neighbor\": { \"address\": { \"peer\": \"not-an-ip\" }, \"state\": \"up\" } }", ExaBgpInputKind.Other)]
    [DataRow("{ \"type\": \"state\", \"neighbor\": \"up\" }", ExaBgpInputKind.Other)]
    [DataRow("{ broken json", ExaBgpInputKind.Other)]
    [DataRow("[1,2,3]", ExaBgpInputKind.Other)]
    [DataRow("neighbor up", ExaBgpInputKind.Other)]
    [DataRow("\u0000\u0001\u00ff", ExaBgpInputKind.Other)]
    public void Parse_Line_IsClassified(string line, ExaBgpInputKind kind)
    {
        Assert.AreEqual(kind, ExaBgpInputParser.Parse(Encoding.UTF8.GetBytes(line)).Kind);
    }

    [TestMethod]
    public void Parse_NeighborUp_CarriesThePeerAddress()
    {
        Assert.AreEqual("127.0.0.3", ExaBgpInputParser.Parse(Encoding.UTF8.GetBytes(Up)).Peer!.ToString());
    }

    [TestMethod]
    public void Parse_DeeplyNestedJson_IsOtherNotAnException()
    {
        var line = "{\"type\":" + new string('[', 10_000);

        Assert.AreEqual(ExaBgpInputKind.Other, ExaBgpInputParser.Parse(Encoding.UTF8.GetBytes(line)).Kind);
    }
}
