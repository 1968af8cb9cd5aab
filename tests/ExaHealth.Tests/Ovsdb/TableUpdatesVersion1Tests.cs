using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>RFC 7047 "update" rows (old/new), for servers without monitor_cond.</summary>
[TestClass]
internal sealed class TableUpdatesVersion1Tests
{
    [TestMethod]
    [DataRow("""{"new":{"ip":"10.0.0.1","status":"online"}}""", RowChangeKind.Insert, 2)]
    [DataRow("""{"old":{"status":"offline"},"new":{"ip":"10.0.0.1","status":"online"}}""", RowChangeKind.Insert, 2)]
    [DataRow("""{"new":{"ip":"10.0.0.1"},"old":{"status":"offline"}}""", RowChangeKind.Insert, 1)]
    [DataRow("""{"old":{"ip":"10.0.0.1","status":"online"}}""", RowChangeKind.Delete, 0)]
    public void Read_Version1_NewIsAFullRowOldAloneIsADelete(string row, RowChangeKind kind, int columns)
    {
        var json = Encoding.UTF8.GetBytes("""{"Service_Monitor":{"00000000-0000-0000-0000-000000000002":""" + row + "}}");

        var update = new TableUpdatesData(SouthboundSchema.Request, json, version1: true).Decode().Single().Rows.Single();

        Assert.AreEqual(kind, update.Kind);
        Assert.HasCount(columns, update.Columns);
    }

    [TestMethod]
    public void Read_Version1_NeitherOldNorNew_Throws()
    {
        var json = Encoding.UTF8.GetBytes("""{"Service_Monitor":{"00000000-0000-0000-0000-000000000002":{}}}""");

        Assert.ThrowsExactly<OvsdbProtocolException>(() => new TableUpdatesData(SouthboundSchema.Request, json, version1: true).Decode());
    }
}
