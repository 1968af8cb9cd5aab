using ExaHealth.Ovsdb;

namespace ExaHealth.Fuzz;

/// <summary>
/// One connection's worth of server bytes through the real <see cref="OvsdbSession"/>: pipe, framer,
/// snapshot streamer, JSON-RPC envelope, _Server row check, monitor fallback, table-updates check.
/// Catches only what the session documents as the end of a connection, which OvsdbClient logs and
/// retries; any other exception escapes and AFL records a crash.
/// </summary>
internal static class SessionRun
{
    private static readonly OvsdbRemote Remote = new(OvsdbRemoteKind.Unix, string.Empty, 0, "/fuzz/sb.sock");

    public static SessionResult Run(FuzzInput input, MonitorRequest request)
    {
        var settings = input.Settings;
        var events = new List<OvsdbEvent>();
        var options = new OvsdbClientOptions
        {
            Remotes = [Remote],
            ProbeInterval = TimeSpan.Zero, // probes are timers, not input
            MaxMessageBytes = settings.MaxMessageBytes,
            LeaderOnly = settings.LeaderOnly,
            StreamSnapshots = settings.StreamSnapshots,
        };
        var memory = new ClusterMemory { Method = settings.Method, ServerDatabase = settings.ServerDatabase };
        using var stream = new ServerStream(input.Payload, input.Reads);
        using var session = new OvsdbSession(stream, Remote, request, events.Add, options, memory, TimeProvider.System, FormattingLogger.Instance);
        try
        {
            session.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (OvsdbProtocolException ex)
        {
            // Not OVSDB: the connection is dropped.
            return new SessionResult(events, $"protocol error: {ex.Message}");
        }
        catch (OvsdbServerUnfitException ex)
        {
            // _Server says not to use this server: another one is tried.
            return new SessionResult(events, $"unfit: {ex.Message}");
        }
        catch (IOException ex) when (stream.AtEnd)
        {
            // The server closed the connection: how every input ends.
            return new SessionResult(events, ex.Message);
        }

        return new SessionResult(events, "returned");
    }
}
