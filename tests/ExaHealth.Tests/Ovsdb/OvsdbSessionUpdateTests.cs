using ExaHealth.Ovsdb;
using ExaHealth.Tests.Fuzz;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>
/// Update notifications through a real <see cref="OvsdbSession"/>: read in one pass when they come
/// as ovsdb-server writes them, the general way otherwise, and handed on the same either way; an
/// envelope that turns out to be something else after the updates hands nothing on.
/// </summary>
[TestClass]
internal sealed class OvsdbSessionUpdateTests
{
    private const string Reply = "{\"id\":1,\"result\":[false,\"11111111-2222-3333-4444-555555555555\",{}],\"error\":null}";
    private const string Transaction = "66666666-7777-8888-9999-000000000000";
    private const string Updates = "{\"Service_Monitor\":{\"8c2d0f0e-1111-4a2b-9c3d-4e5f6a7b8c9d\":{\"modify\":{\"status\":\"offline\"}}}}";
    private const string Params = "[[\"exahealth\"],\"" + Transaction + "\"," + Updates + "]";

    [TestMethod]
    [DataRow("{\"id\":null,\"method\":\"update3\",\"params\":" + Params + "}", DisplayName = "as ovsdb-server writes it")]
    [DataRow("{\"params\":" + Params + ",\"method\":\"update3\",\"id\":null}", DisplayName = "members in another order")]
    [DataRow("{\"id\":null,\"method\":\"update3\",\"params\":" + Params + ",\"x\":[1]}", DisplayName = "a member after the params")]
    [DataRow("{\"id\":null,\"method\":\"update3\",\"params\":[[\"exahealth\"],\"" + Transaction + "\"," + Updates + ",7]}", DisplayName = "more params than three")]
    [DataRow(" {\"id\" : null, \"method\":\"update3\",\n\"params\":" + Params + "} ", DisplayName = "with whitespace")]
    public async Task RunAsync_Update3_HandedOnWithItsTransaction(string notification)
    {
        var events = new List<OvsdbEvent>();
        var memory = new ClusterMemory { ServerDatabase = false };

        await Assert.ThrowsExactlyAsync<IOException>(() => SessionReplay.RunAsync(Reply + notification, memory, events));

        var update = events.OfType<OvsdbUpdate>().Single();
        var row = update.Updates.Decode().Single().Rows.Single();
        Assert.AreEqual(Guid.Parse("8c2d0f0e-1111-4a2b-9c3d-4e5f6a7b8c9d"), row.Uuid);
        Assert.AreEqual(Guid.Parse(Transaction), memory.LastTransaction);
    }

    [TestMethod]
    public async Task RunAsync_Update2AndUpdate_HandedOn()
    {
        var events = new List<OvsdbEvent>();
        string update2 = "{\"id\":null,\"method\":\"update2\",\"params\":[[\"exahealth\"]," + Updates + "]}";
        string update = "{\"id\":null,\"method\":\"update\",\"params\":[[\"exahealth\"],{\"Service_Monitor\":{\"8c2d0f0e-1111-4a2b-9c3d-4e5f6a7b8c9d\":{\"new\":{\"status\":\"online\"}}}}]}";

        await Assert.ThrowsExactlyAsync<IOException>(() => SessionReplay.RunAsync(Reply + update2 + update, new ClusterMemory { ServerDatabase = false }, events));

        var updates = events.OfType<OvsdbUpdate>().ToList();
        Assert.HasCount(2, updates);
        Assert.IsFalse(updates[0].Updates.Version1);
        Assert.IsTrue(updates[1].Updates.Version1);
    }

    [TestMethod]
    public async Task RunAsync_AMethodAfterTheParamsSaysItIsNoUpdate_NothingHandedOnAndNoTransactionKept()
    {
        // The general reader keeps the last "method": this message is an unknown method, ignored.
        var events = new List<OvsdbEvent>();
        var memory = new ClusterMemory { ServerDatabase = false };
        string notification = "{\"id\":null,\"method\":\"update3\",\"params\":" + Params + ",\"method\":\"other\"}";

        await Assert.ThrowsExactlyAsync<IOException>(() => SessionReplay.RunAsync(Reply + notification, memory, events));

        Assert.IsEmpty(events.OfType<OvsdbUpdate>());
        Assert.AreEqual(Guid.Parse("11111111-2222-3333-4444-555555555555"), memory.LastTransaction);
    }

    [TestMethod]
    public async Task RunAsync_MalformedRowInAnUpdate_TheSameProtocolErrorAsBefore()
    {
        string notification = "{\"id\":null,\"method\":\"update3\",\"params\":[[\"exahealth\"],\"" + Transaction + "\",{\"Service_Monitor\":{\"nope\":{}}}]}";

        var ex = await Assert.ThrowsExactlyAsync<OvsdbProtocolException>(() => SessionReplay.RunAsync(Reply + notification, new ClusterMemory { ServerDatabase = false }));

        StringAssert.Contains(ex.Message, "row key is not a uuid");
    }
}
