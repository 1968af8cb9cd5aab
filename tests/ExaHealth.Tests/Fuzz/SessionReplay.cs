using System.Text;
using ExaHealth.Fuzz;
using ExaHealth.Ovsdb;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Fuzz;

/// <summary>
/// One connection of a real <see cref="OvsdbSession"/> to a server that sends the given text and
/// closes, as the fuzz harness (tests/ExaHealth.Fuzz) drives it. The text is Latin-1, so that
/// <c>\u00XX</c> in a test is the single byte XX: the invalid UTF-8 a broken server can send.
/// </summary>
internal static class SessionReplay
{
    private static readonly OvsdbRemote Remote = new(OvsdbRemoteKind.Unix, string.Empty, 0, "/tmp/sb.sock");

    public static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    /// <summary>Runs the session to its end, which is always an exception (at the latest: the connection closed).</summary>
    public static async Task RunAsync(string server, ClusterMemory memory, List<OvsdbEvent>? events = null,
        ILogger? logger = null, OvsdbRemote? remote = null, IReadOnlyList<OvsdbRemote>? remotes = null)
    {
        remote ??= Remote;
        var options = new OvsdbClientOptions { Remotes = remotes ?? [remote], ProbeInterval = TimeSpan.Zero };
        byte[] bytes = Bytes(server);
        // One planned read of the whole text: each read returns what the session's buffer takes.
        using var session = new OvsdbSession(
            new ServerStream(bytes, [bytes.Length]), remote, TestUpdates.Request, e => events?.Add(e), options, memory, new FakeTimeProvider(), logger ?? new ListLogger());
        await session.RunAsync(CancellationToken.None);
    }
}
