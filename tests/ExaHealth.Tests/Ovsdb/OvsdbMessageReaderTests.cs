using System.Buffers;
using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Ovsdb;

[TestClass]
internal sealed class OvsdbMessageReaderTests
{
    [TestMethod]
    public void Read_MonitorReply_IsResponseWithResult()
    {
        var message = OvsdbMessageReader.Read(new ReadOnlySequence<byte>(Fixtures.Messages("01-monitor-reply.json").Single()));

        Assert.IsTrue(message.IsResponse);
        Assert.AreEqual(1L, message.NumericId);
        Assert.IsFalse(message.HasError, "\"error\":null is no error");
        Assert.IsFalse(message.Result.IsEmpty);
    }

    [TestMethod]
    public void Read_Update2_IsNotificationWithParams()
    {
        var message = OvsdbMessageReader.Read(new ReadOnlySequence<byte>(Fixtures.Messages("02-status-offline.json").Single()));

        Assert.AreEqual("update2", message.Method);
        Assert.IsNull(message.NumericId);
        Assert.AreEqual("null", Encoding.UTF8.GetString(message.RawId.ToArray()));
    }

    [TestMethod]
    public void Read_MembersInAnyOrder_AreFound()
    {
        var message = Read("{\"params\":[],\"method\":\"echo\",\"id\":\"echo\"}");

        Assert.AreEqual("echo", message.Method);
        Assert.AreEqual("\"echo\"", Encoding.UTF8.GetString(message.RawId.ToArray()));
        Assert.AreEqual("[]", Encoding.UTF8.GetString(message.Params.ToArray()));
    }

    [TestMethod]
    public void Read_ErrorResponseWithoutResult_HasError()
    {
        var message = Read("{\"id\":4,\"error\":\"unknown method\"}");

        Assert.IsTrue(message.HasError);
        Assert.AreEqual("unknown method", OvsdbMessageReader.DescribeError(message.Error));
    }

    [TestMethod]
    public void DescribeError_ObjectWithDetails_IsOneLine()
    {
        var message = Read("{\"id\":1,\"result\":null,\"error\":{\"error\":\"syntax error\",\"details\":\"Table Load_Balancer has no column\\nfoo\"}}");

        Assert.AreEqual("syntax error: Table Load_Balancer has no column?foo", OvsdbMessageReader.DescribeError(message.Error));
    }

    [TestMethod]
    [DataRow("[1,2]")]
    [DataRow("{\"method\":\"echo\",\"params\":[]}")]
    [DataRow("{\"id\":1}")]
    [DataRow("{\"id\":1,\"method\":7,\"params\":[]}")]
    [DataRow("\"text\"")]
    public void Read_NotJsonRpc_Throws(string json)
    {
        Assert.ThrowsExactly<OvsdbProtocolException>(() => Read(json));
    }

    [TestMethod]
    public void TableUpdates_MonitorReply_OmittedColumnsAreAbsent()
    {
        var tables = Fixtures.Tables("01-monitor-reply.json");

        var monitors = tables.Single(t => t.Table == SouthboundSchema.ServiceMonitor).Rows;
        Assert.HasCount(4, monitors);
        Assert.IsTrue(monitors.All(r => r.Kind == RowChangeKind.Initial));
        Assert.IsTrue(monitors.All(r => r.Columns.All(c => c.Column != "status")), "an unset status is omitted by the server");
        var balancers = tables.Single(t => t.Table == SouthboundSchema.LoadBalancer).Rows;
        Assert.HasCount(2, balancers);
    }

    [TestMethod]
    public void TableUpdates_Delete_HasNoColumns()
    {
        var tables = Fixtures.Tables("10-load-balancer-deleted.json");

        Assert.HasCount(2, tables);
        Assert.IsTrue(tables.All(t => t.Rows.Single().Kind == RowChangeKind.Delete && t.Rows.Single().Columns.Count == 0));
    }

    [TestMethod]
    public void TableUpdates_UnknownTableAndColumn_AreSkipped()
    {
        var json = "{\"id\":null,\"method\":\"update2\",\"params\":[[\"x\"],{\"Chassis\":{\"00000000-0000-0000-0000-000000000001\":{\"insert\":{\"name\":\"c\"}}},"
            + "\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000002\":{\"insert\":{\"ip\":\"10.0.0.1\",\"src_mac\":\"x\"}}}}]}";

        var tables = Fixtures.Tables(Encoding.UTF8.GetBytes(json));

        Assert.AreEqual(SouthboundSchema.ServiceMonitor, tables.Single().Table);
        Assert.AreEqual("ip", tables.Single().Rows.Single().Columns.Single().Column);
    }

    [TestMethod]
    [DataRow("{\"Service_Monitor\":{\"nope\":{\"insert\":{}}}}")]
    [DataRow("{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000002\":{\"upsert\":{}}}}")]
    [DataRow("{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000002\":{\"insert\":{},\"delete\":null}}}")]
    [DataRow("{\"Service_Monitor\":[]}")]
    public void TableUpdates_Malformed_Throws(string updates)
    {
        var json = Encoding.UTF8.GetBytes("{\"id\":null,\"method\":\"update2\",\"params\":[[\"x\"]," + updates + "]}");

        Assert.ThrowsExactly<OvsdbProtocolException>(() => Fixtures.Tables(json));
    }

    private static OvsdbMessage Read(string json) => OvsdbMessageReader.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));
}
