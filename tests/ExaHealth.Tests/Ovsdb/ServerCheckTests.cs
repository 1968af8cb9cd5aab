using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Ovsdb;

[TestClass]
internal sealed class ServerCheckTests
{
    [TestMethod]
    [DataRow("standalone", false, false, null, false, 0, null)]
    [DataRow("relay", false, false, null, true, 0, null)]
    [DataRow("clustered", true, false, 10L, false, 5, null)]
    [DataRow("clustered", true, true, 10L, true, 10, null)]
    [DataRow("clustered", false, true, 10L, false, 0, "not connected to its cluster")]
    [DataRow("clustered", true, false, 10L, true, 0, "not the leader")]
    [DataRow("clustered", true, true, 9L, false, 10, "stale (log index 9 < 10")]
    public void Judge_ServerRow_FitOrWhyNot(string model, bool connected, bool leader, long? index, bool leaderOnly, long maxSeen, string? reason)
    {
        var verdict = ServerCheck.Judge(new ServerDatabaseRow(model, connected, leader, index), "OVN_Southbound", leaderOnly, maxSeen);

        if (reason is null)
        {
            Assert.IsNull(verdict);
        }
        else
        {
            StringAssert.Contains(verdict, reason);
        }
    }

    [TestMethod]
    public void Judge_NoRow_TheDatabaseIsNotServedThere()
    {
        StringAssert.Contains(ServerCheck.Judge(null, "OVN_Southbound", false, 0), "does not serve database OVN_Southbound");
    }
}
