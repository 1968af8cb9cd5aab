using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Fuzz;

/// <summary>
/// Server bytes that made the session throw something other than the errors that end a connection
/// (found by tests/ExaHealth.Fuzz, minimized with afl-tmin). Each must now end the connection the
/// documented way: a protocol error, or the server closing it.
/// </summary>
[TestClass]
internal sealed class OvsdbSessionFuzzTests
{
    [TestMethod]
    [DataRow("\u00cf", DisplayName = "invalid UTF-8")]
    [DataRow("\\ud800", DisplayName = "escaped lone surrogate")]
    public async Task RunAsync_Update3TransactionIdDoesNotDecode_ProtocolError(string id)
    {
        string server = "{\"id\":null,\"method\":\"update3\",\"params\":[[\"exahealth\"],\"" + id + "\",{}]}";

        var ex = await Assert.ThrowsExactlyAsync<OvsdbProtocolException>(() => SessionReplay.RunAsync(server, new ClusterMemory { ServerDatabase = false }));

        StringAssert.Contains(ex.Message, "transaction id");
    }

    [TestMethod]
    public async Task RunAsync_Update3WithMalformedUpdates_KeepsTheLastTransactionItDidApply()
    {
        // The reconnect resumes from the remembered id: remembering one whose changes were refused
        // would leave the replica without them for good.
        string server =
            "{\"id\":1,\"result\":[false,\"11111111-2222-3333-4444-555555555555\",{}],\"error\":null}" +
            "{\"id\":null,\"method\":\"update3\",\"params\":[[\"exahealth\"],\"66666666-7777-8888-9999-000000000000\",{\"Service_Monitor\":7}]}";
        var memory = new ClusterMemory { ServerDatabase = false };

        await Assert.ThrowsExactlyAsync<OvsdbProtocolException>(() => SessionReplay.RunAsync(server, memory));

        Assert.AreEqual(Guid.Parse("11111111-2222-3333-4444-555555555555"), memory.LastTransaction);
    }

    [TestMethod]
    public async Task RunAsync_MonitorCondSinceReplyTransactionIdNotUtf8_ProtocolError()
    {
        string server = "{\"id\":1,\"result\":[true,\"\u00ff\",{}],\"error\":null}";
        var events = new List<OvsdbEvent>();

        await Assert.ThrowsExactlyAsync<OvsdbProtocolException>(() => SessionReplay.RunAsync(server, new ClusterMemory { ServerDatabase = false }, events));

        Assert.IsEmpty(events, "no snapshot from a refused reply");
    }

    [TestMethod]
    public async Task RunAsync_MonitorErrorNotUtf8_RefusedWithReadableReason()
    {
        string server = "{\"id\":1,\"result\":null,\"error\":{\"error\":\"\u00ff\",\"details\":\"x\"}}";

        var ex = await Assert.ThrowsExactlyAsync<OvsdbProtocolException>(() => SessionReplay.RunAsync(server, new ClusterMemory { Method = MonitorMethod.Cond, ServerDatabase = false }));

        StringAssert.StartsWith(ex.Message, "monitor_cond refused by the server: ");
    }

    [TestMethod]
    public async Task RunAsync_ServerDatabaseErrorNotUtf8_FallsBackToMonitoring()
    {
        string server = "{\"id\":2,\"result\":null,\"error\":\"\u00ff\"}";
        var memory = new ClusterMemory();

        var ex = await Assert.ThrowsExactlyAsync<IOException>(() => SessionReplay.RunAsync(server, memory));

        Assert.AreEqual("connection closed by the server", ex.Message);
        Assert.IsFalse(memory.ServerDatabase, "an error answer means no _Server database, however it is worded");
    }
}
