using System.Buffers;
using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>The exact requests sent (ovsdb-server(7)); nothing here may write to the database.</summary>
[TestClass]
internal sealed class OvsdbRequestWriterTests
{
    private static readonly MonitorRequest Request = new("OVN_Southbound", [new MonitoredTable("Service_Monitor", ["ip", "status"])]);

    [TestMethod]
    public void WriteMonitor_CondSince_CarriesTheLastTransaction()
    {
        Assert.AreEqual(
            """{"id":1,"method":"monitor_cond_since","params":["OVN_Southbound",["exahealth"],{"Service_Monitor":[{"columns":["ip","status"]}]},"2b6c05b7-7d36-4aa4-8065-a1508b42f932"]}""",
            Write(w => OvsdbRequestWriter.WriteMonitor(w, 1, MonitorMethod.CondSince, Request, "exahealth", Guid.Parse("2b6c05b7-7d36-4aa4-8065-a1508b42f932"))));
    }

    [TestMethod]
    public void WriteMonitor_CondSinceWithoutHistory_AllZeros()
    {
        StringAssert.EndsWith(Write(w => OvsdbRequestWriter.WriteMonitor(w, 1, MonitorMethod.CondSince, Request, "exahealth", null)),
            "\"00000000-0000-0000-0000-000000000000\"]}");
    }

    [TestMethod]
    public void WriteMonitor_Cond_And_Plain()
    {
        Assert.AreEqual("""{"id":1,"method":"monitor_cond","params":["OVN_Southbound",["exahealth"],{"Service_Monitor":[{"columns":["ip","status"]}]}]}""",
            Write(w => OvsdbRequestWriter.WriteMonitor(w, 1, MonitorMethod.Cond, Request, "exahealth", null)));
        Assert.AreEqual("""{"id":1,"method":"monitor","params":["OVN_Southbound",["exahealth"],{"Service_Monitor":{"columns":["ip","status"]}}]}""",
            Write(w => OvsdbRequestWriter.WriteMonitor(w, 1, MonitorMethod.Plain, Request, "exahealth", null)));
    }

    [TestMethod]
    public void WriteServerMonitor_OnlyOurDatabasesRow()
    {
        Assert.AreEqual(
            """{"id":2,"method":"monitor_cond","params":["_Server",["s"],{"Database":[{"columns":["name","model","connected","leader","index","cid"],"where":[["name","==","OVN_Southbound"]]}]}]}""",
            Write(w => OvsdbRequestWriter.WriteServerMonitor(w, 2, "OVN_Southbound", "s")));
    }

    [TestMethod]
    public void WriteEchoReply_EchoesIdAndParams()
    {
        var id = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("\"echo\""));
        var parameters = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("[]"));

        Assert.AreEqual("""{"id":"echo","result":[],"error":null}""", Write(w => OvsdbRequestWriter.WriteEchoReply(w, id, parameters)));
    }

    [TestMethod]
    public void Requests_NeverContainAWriteMethod()
    {
        var all = string.Concat(
            Write(w => OvsdbRequestWriter.WriteMonitor(w, 1, MonitorMethod.CondSince, SouthboundSchema.RequestFor(true, true, true), "x", null)),
            Write(w => OvsdbRequestWriter.WriteServerMonitor(w, 2, "OVN_Southbound", "s")),
            Write(w => OvsdbRequestWriter.WriteEcho(w, 3)));

        Assert.DoesNotContain("transact", all);
        Assert.DoesNotContain("jsonrpc", all);
    }

    private static string Write(Action<ArrayBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
