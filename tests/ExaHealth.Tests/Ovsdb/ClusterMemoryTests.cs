using System.Globalization;
using ExaHealth.Ovsdb;
using ExaHealth.Tests.Fuzz;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>
/// The Raft index remembered across connections (a member behind it is stale), over a real session
/// fed a server's _Server answer: a cluster restored from a backup must not look stale forever.
/// </summary>
[TestClass]
internal sealed class ClusterMemoryTests
{
    private const string ClusterA = "0b3a3b9e-8d2f-4c1e-9a57-4f1f6c2d8e01";
    private const string ClusterB = "6c1d0f4a-2b7e-4f3a-8e19-d5a0c7b3e902";
    private static readonly OvsdbRemote First = new(OvsdbRemoteKind.Tcp, "192.0.2.1", 6642, "");
    private static readonly OvsdbRemote Second = new(OvsdbRemoteKind.Tcp, "192.0.2.2", 6642, "");
    private readonly ListLogger _log = new();

    [TestMethod]
    public async Task RunAsync_ServerOfAnotherClusterBehindTheIndexSeen_IsAcceptedAndLogged()
    {
        var memory = new ClusterMemory();
        await AcceptedAsync(Server(ClusterA, 100), memory, First);

        await AcceptedAsync(Server(ClusterB, 5), memory, First);

        Assert.AreEqual(5, memory.MaxIndex, "the new cluster's index is the one remembered now");
        var warning = _log.Entries.Single(e => e.EventId == 1010);
        Assert.AreEqual(LogLevel.Warning, warning.Level);
        StringAssert.Contains(warning.Message, ClusterB);
    }

    [TestMethod]
    public async Task RunAsync_SameClusterBehindTheIndexSeen_IsStale()
    {
        var memory = new ClusterMemory();
        await AcceptedAsync(Server(ClusterA, 100), memory, First, [First, Second]);

        var ex = await Assert.ThrowsExactlyAsync<OvsdbServerUnfitException>(() =>
            SessionReplay.RunAsync(Server(ClusterA, 5), memory, logger: _log, remote: Second, remotes: [First, Second]));

        StringAssert.Contains(ex.Message, "stale");
    }

    [TestMethod]
    public async Task RunAsync_EveryRemoteAnsweredStale_IndexForgottenAndServerAccepted()
    {
        var memory = new ClusterMemory { MaxIndex = 100 };
        await Assert.ThrowsExactlyAsync<OvsdbServerUnfitException>(() =>
            SessionReplay.RunAsync(Server(ClusterA, 5), memory, logger: _log, remote: First, remotes: [First, Second]));

        await AcceptedAsync(Server(ClusterA, 6), memory, Second, [First, Second]);

        Assert.AreEqual(6, memory.MaxIndex);
        Assert.AreEqual(LogLevel.Warning, _log.Entries.Single(e => e.EventId == 1011).Level);
    }

    [TestMethod]
    public async Task RunAsync_OneRemoteStaleTwice_OtherNotAsked_StillStale()
    {
        var memory = new ClusterMemory { MaxIndex = 100 };
        await Assert.ThrowsExactlyAsync<OvsdbServerUnfitException>(() =>
            SessionReplay.RunAsync(Server(ClusterA, 5), memory, logger: _log, remote: First, remotes: [First, Second]));

        await Assert.ThrowsExactlyAsync<OvsdbServerUnfitException>(() =>
            SessionReplay.RunAsync(Server(ClusterA, 5), memory, logger: _log, remote: First, remotes: [First, Second]));

        Assert.AreEqual(100, memory.MaxIndex);
    }

    /// <summary>The server's _Server answer for OVN_Southbound, then nothing: the session ends when the connection closes.</summary>
    private static string Server(string cluster, long index) =>
        "{\"id\":2,\"error\":null,\"result\":{\"Database\":{\"5f0e3c52-6d43-4a8e-a1c7-2b9d8f0e4a11\":{\"initial\":"
        + "{\"name\":\"OVN_Southbound\",\"model\":\"clustered\",\"connected\":true,\"leader\":true,"
        + "\"cid\":[\"uuid\",\"" + cluster + "\"],\"index\":" + index.ToString(CultureInfo.InvariantCulture) + "}}}}}";

    /// <summary>Fit: the session goes on to monitoring and ends only with the closed connection.</summary>
    private async Task AcceptedAsync(string server, ClusterMemory memory, OvsdbRemote remote, OvsdbRemote[]? remotes = null)
    {
        var ex = await Assert.ThrowsExactlyAsync<IOException>(() =>
            SessionReplay.RunAsync(server, memory, logger: _log, remote: remote, remotes: remotes ?? [remote]));
        Assert.AreEqual("connection closed by the server", ex.Message);
    }
}
