using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>
/// The notation check a session runs on every message before handing it on: anything RFC 7047
/// section 5.1 does not allow in a monitored column is refused whole, so no replica applies half of it.
/// </summary>
[TestClass]
internal sealed class TableUpdatesCheckTests
{
    [TestMethod]
    [DataRow("\"10.0.0.1\"")]
    [DataRow("5")]
    [DataRow("5.5")]
    [DataRow("true")]
    [DataRow("[\"set\",[]]")]
    [DataRow("[\"set\",[\"a\",\"b\"]]")]
    [DataRow("[\"map\",[]]")]
    [DataRow("[\"map\",[[\"k\",\"v\"],[1,true]]]")]
    [DataRow("[\"uuid\",\"00000000-0000-0000-0000-000000000001\"]")]
    [DataRow("[\"set\",[[\"uuid\",\"00000000-0000-0000-0000-000000000001\"]]]")]
    public void Check_ValidNotation_Passes(string value)
    {
        var data = Row(value).Check();

        Assert.AreEqual(1, data.Rows!["Service_Monitor"]);
    }

    [TestMethod]
    [DataRow("null")]
    [DataRow("{}")]
    [DataRow("[]")]
    [DataRow("[\"set\",5]")]
    [DataRow("[\"set\",[[\"map\",[]]]]")]
    [DataRow("[\"set\",[],1]")]
    [DataRow("[\"map\",[[\"k\"]]]")]
    [DataRow("[\"map\",[[\"k\",\"v\",\"w\"]]]")]
    [DataRow("[\"map\",[\"k\"]]")]
    [DataRow("[\"uuid\",\"not-a-uuid\"]")]
    [DataRow("[\"named-uuid\",\"row1\"]")]
    [DataRow("[\"vector\",[]]")]
    [DataRow("[5,[]]")]
    public void Check_InvalidNotation_Throws(string value)
    {
        Assert.ThrowsExactly<OvsdbProtocolException>(() => Row(value).Check());
    }

    [TestMethod]
    public void Check_UnmonitoredColumn_NotExamined()
    {
        var json = "{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000001\":{\"initial\":{\"src_mac\":{\"odd\":1}}}}}";

        var data = new TableUpdatesData(TestUpdates.Request, Encoding.UTF8.GetBytes(json)).Check();

        Assert.AreEqual(1, data.Rows!.Total, "only the columns ExaHealth reads are checked");
    }

    [TestMethod]
    public void Check_CountsRowsPerTable()
    {
        var data = Fixtures.Updates("10-load-balancer-deleted.json");

        Assert.AreEqual("Load_Balancer 1, Service_Monitor 1", data.Rows!.ToString());
    }

    private static TableUpdatesData Row(string ipValue) => new(TestUpdates.Request, Encoding.UTF8.GetBytes(
        "{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000001\":{\"initial\":{\"ip\":" + ipValue + "}}}}"));
}
