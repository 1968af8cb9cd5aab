using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>
/// Table and column names are matched as UTF-8 (<see cref="MonitoredTable.Utf8Name"/>): a name the
/// server escaped is still the same name, and a name that only starts like a monitored one is not it.
/// </summary>
[TestClass]
internal sealed class MonitoredNamesTests
{
    [TestMethod]
    public void Read_EscapedTableAndColumnNames_AreTheMonitoredOnes()
    {
        var tables = Read("{\"Service_\\u004donitor\":{\"00000000-0000-0000-0000-000000000001\":{\"initial\":{\"st\\u0061tus\":\"online\",\"ip\":\"10.0.0.1\"}}}}");

        var row = tables.Single(t => t.Table == "Service_Monitor").Rows.Single();
        CollectionAssert.AreEquivalent(new[] { "status", "ip" }, row.Columns.Select(c => c.Column).ToArray());
    }

    [TestMethod]
    public void Read_NamesThatOnlyStartLikeMonitoredOnes_AreSkipped()
    {
        var tables = Read("{\"Service_Monitors\":{\"00000000-0000-0000-0000-000000000001\":{\"initial\":{\"ip\":\"10.0.0.1\"}}}," +
            "\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000002\":{\"initial\":{\"statusx\":\"online\",\"stat\":\"online\",\"ip\":\"10.0.0.2\"}}}}");

        var table = tables.Single();
        Assert.AreEqual("Service_Monitor", table.Table);
        Assert.AreEqual("ip", table.Rows.Single().Columns.Single().Column);
    }

    [TestMethod]
    public void Equals_SameNameAndColumns_IsTheSameTable()
    {
        var a = new MonitoredTable("Service_Monitor", ["ip", "status"]);
        var b = new MonitoredTable("Service_Monitor", new List<string> { "ip", "status" });

        Assert.AreEqual(a, b);
        Assert.AreEqual(a.GetHashCode(), b.GetHashCode());
        Assert.AreNotEqual(a, new MonitoredTable("Service_Monitor", ["ip"]));
    }

    private static IReadOnlyList<TableUpdate> Read(string json) =>
        new TableUpdatesData(TestUpdates.Request, Encoding.UTF8.GetBytes(json)).Check().Decode();
}
