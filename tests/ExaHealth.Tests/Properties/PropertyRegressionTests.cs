using System.Buffers;
using System.Net;
using System.Text;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.Tests.Properties;

/// <summary>The smallest inputs of the failures the properties beside this file found, kept as plain cases.</summary>
[TestClass]
internal sealed class PropertyRegressionTests
{
    private const string Row = "00000000-0000-0000-0000-000000000001";

    [TestMethod]
    public void GetTiming_MonitorRowWithoutOptions_EmptyNotAnException()
    {
        // update2 leaves out an empty options column, so a tracked row can have no options at all.
        var replica = new SouthboundReplica(LoadBalancerFilter.All, NullLogger.Instance, trackOvnTiming: true);
        replica.Apply(Fixtures.Updates("01-monitor-reply.json"), snapshot: true, touched: null);
        var vip = replica.FindVip(IPAddress.Parse("10.0.0.10"))!;

        Assert.AreEqual(default, replica.GetTiming(vip.Backends.First()));
        Assert.AreEqual(2, HealthEvaluator.Evaluate(vip, replica, EmptyStatus.Online).Online);
    }

    [TestMethod]
    public void Apply_MonitorRowReplacedWithoutOptions_TimingGone()
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, NullLogger.Instance, trackOvnTiming: true);
        replica.Apply(Updates("""{"Service_Monitor":{"ROW":{"initial":{"ip":"10.10.10.1","port":80,"options":["map",[["interval","5"]]]}}}}"""), snapshot: true, touched: null);
        var key = new BackendKey(IpKey.From(IPAddress.Parse("10.10.10.1")), 80, BackendProtocol.Tcp);
        Assert.AreEqual(5, replica.GetTiming(key).IntervalSeconds);

        replica.Apply(Updates("""{"Service_Monitor":{"ROW":{"insert":{"ip":"10.10.10.1","port":80}}}}"""), snapshot: false, touched: null);

        Assert.AreEqual(default, replica.GetTiming(key), "a full row replaces the old one, options included");
    }

    [TestMethod]
    public void Apply_VipsKeyRepeatedInOneMap_OneEntryAndLaterUpdatesApply()
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, NullLogger.Instance);
        replica.Apply(Updates("""{"Load_Balancer":{"ROW":{"initial":{"name":"lb","vips":["map",[["10.0.0.10:80","10.10.10.1:80"],["10.0.0.10:80","10.10.10.1:80"]]]}}}}"""), snapshot: true, touched: null);

        replica.Apply(Updates("""{"Load_Balancer":{"ROW":{"modify":{"name":"lb2"}}}}"""), snapshot: false, touched: null);

        Assert.AreEqual(1, replica.FindVip(IPAddress.Parse("10.0.0.10"))!.Entries, "a map has one value per key");
        replica.Apply(Updates("""{"Load_Balancer":{"ROW":{"modify":{"vips":["map",[["10.0.0.10:80","10.10.10.1:80"]]]}}}}"""), snapshot: false, touched: null);
        Assert.IsNull(replica.FindVip(IPAddress.Parse("10.0.0.10")), "one diff removes the key");
    }

    [TestMethod]
    public void Apply_EmptyVipsKeyInDiffs_IsAKeyLikeAnyOther()
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, NullLogger.Instance);
        replica.Apply(Updates("""{"Load_Balancer":{"ROW":{"initial":{"name":"lb","vips":["map",[["","x"],["10.0.0.10:80","10.10.10.1:80"]]]}}}}"""), snapshot: true, touched: null);

        replica.Apply(Updates("""{"Load_Balancer":{"ROW":{"modify":{"vips":["map",[["","x"]]]}}}}"""), snapshot: false, touched: null);
        replica.Apply(Updates("""{"Load_Balancer":{"ROW":{"modify":{"name":"lb2"}}}}"""), snapshot: false, touched: null);

        Assert.AreEqual(1, replica.FindVip(IPAddress.Parse("10.0.0.10"))!.Entries);
    }

    [TestMethod]
    [DataRow(new byte[] { 0xE0 }, DisplayName = "invalid UTF-8")]
    [DataRow(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' }, DisplayName = "escaped lone surrogate")]
    public void Check_StringThatDoesNotDecode_RefusedWhole(byte[] text)
    {
        // Passed the check before, then threw InvalidOperationException in Decode and the replica.
        byte[] json = [.. Encoding.UTF8.GetBytes($"{{\"Service_Monitor\":{{\"{Row}\":{{\"initial\":{{\"status\":\"off"), .. text, .. "\"}}}}"u8];
        var data = new TableUpdatesData(TestUpdates.Request, json);

        Assert.ThrowsExactly<OvsdbProtocolException>(() => data.Check());
    }

    [TestMethod]
    public void Check_RowChangeNamedWithLoneSurrogate_ProtocolError()
    {
        var data = Updates("""{"Service_Monitor":{"ROW":{"\ud800":{}}}}""", check: false);

        Assert.ThrowsExactly<OvsdbProtocolException>(() => data.Check());
    }

    [TestMethod]
    public void Feed_MemberNamedWithLoneSurrogate_ProtocolError()
    {
        var streamer = new SnapshotStreamer(TestUpdates.Request, version1: false, _ => { });
        var message = new ReadOnlySequence<byte>("""{"id":null,"method":"update2","\ud800":[]}"""u8.ToArray());

        Assert.ThrowsExactly<OvsdbProtocolException>(() => streamer.Feed(message, final: true));
    }

    [TestMethod]
    public void Load_UnknownKeyWithLineBreak_OneLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"exahealth-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "ovsdb": { "southbound": "unix:/x", "a\nwithdraw route 10.0.0.0/24": 1 }, "routes": { "allowedPrefixes": ["10.0.0.0/24"] } }""");
        try
        {
            var error = Assert.ThrowsExactly<ConfigurationException>(() => ConfigurationLoader.Load(path, []));

            StringAssert.Contains(error.Message, "unknown key ovsdb.a?withdraw");
            Assert.IsFalse(error.Message.Any(char.IsControl));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ExaBgpInputParser_JsonPeerNotUtf8_IsOtherNotAnException()
    {
        byte[] line = [.. """{"type":"state","neighbor":{"address":{"peer":"1"""u8, 0xCE, .. """27.0.0.3"},"state":"up"}}"""u8];

        Assert.AreEqual(ExaBgpInputKind.Other, ExaBgpInputParser.Parse(line).Kind);
    }

    /// <summary>Table updates written in a test, ROW standing for the row's uuid.</summary>
    private static TableUpdatesData Updates(string json, bool check = true)
    {
        var data = new TableUpdatesData(TestUpdates.Request, Encoding.UTF8.GetBytes(json.Replace("ROW", Row, StringComparison.Ordinal)));
        return check ? data.Check() : data;
    }
}
