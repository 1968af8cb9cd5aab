using Microsoft.Extensions.Logging;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Keeps a monitor open forever. The remotes (a Raft cluster's members, relays) are shuffled once
/// so that many router hosts spread over them, then tried in turn: a failed or unfit one is left
/// for the next at once, and only after a whole round of failures does the client wait, with a
/// capped exponential backoff and jitter. Never gives up, since ExaBGP shuts BGP down when its
/// plugin dies repeatedly.
/// </summary>
internal sealed class OvsdbClient
{
    private readonly OvsdbClientOptions _options;
    private readonly MonitorRequest _request;
    private readonly Action<OvsdbEvent> _publish;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly ClusterMemory _memory = new();
    private readonly OvsdbRemote[] _remotes;
    // Per remote: with several remotes failing in turn, "the same failure again" is per remote.
    private readonly Dictionary<OvsdbRemote, (string Reason, long At)> _lastSaid = [];

    public OvsdbClient(
        OvsdbClientOptions options,
        MonitorRequest request,
        Action<OvsdbEvent> publish,
        TimeProvider time,
        ILogger logger,
        Func<double>? random = null)
    {
        if (options.Remotes.Count == 0)
        {
            throw new ArgumentException("at least one remote is required", nameof(options));
        }

        _options = options;
        _request = request;
        _publish = publish;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
        _remotes = [.. options.Remotes.OrderBy(_ => _random())];
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int attempt = 0;
        int failuresInRound = 0;
        int next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            OvsdbRemote remote = _remotes[next % _remotes.Length];
            next++;
            string reason;
            bool synced = false;
            try
            {
                reason = await RunOnceAsync(remote, () => synced = true, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OvsdbServerUnfitException ex)
            {
                OvsdbLog.Unfit(_logger, remote, ex.Message);
                reason = ex.Message;
            }
#pragma warning disable CA1031 // Any fault of one connection is retried; exiting would make ExaBGP give up on us.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                reason = Describe(ex);
            }

            if (synced)
            {
                attempt = 0;
                failuresInRound = 0;
            }

            failuresInRound++;
            TimeSpan delay = failuresInRound >= _remotes.Length
                ? Backoff.Delay(attempt++, _options.MaxBackoff, _random())
                : TimeSpan.Zero;
            if (failuresInRound >= _remotes.Length)
            {
                failuresInRound = 0;
            }

            // The same failure of a remote again within a minute (a database that stays away) is not news.
            if (synced || !_lastSaid.TryGetValue(remote, out var said) || said.Reason != reason
                || _time.GetElapsedTime(said.At) >= TimeSpan.FromMinutes(1))
            {
                OvsdbLog.ConnectionLost(_logger, remote, reason, delay.TotalSeconds);
                _lastSaid[remote] = (reason, _time.GetTimestamp());
            }
            else
            {
                OvsdbLog.ConnectionStillLost(_logger, remote, reason, delay.TotalSeconds);
            }
            _publish(new OvsdbDisconnected(remote, reason, delay));
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<string> RunOnceAsync(OvsdbRemote remote, Action onSynced, CancellationToken cancellationToken)
    {
        await using Stream stream = await OvsdbConnector.ConnectAsync(remote, _options.Tls, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        OvsdbLog.Connected(_logger, remote);
        _publish(new OvsdbConnected(remote));
        using var session = new OvsdbSession(stream, remote, _request, Publish, _options, _memory, _time, _logger);
        await session.RunAsync(cancellationToken).ConfigureAwait(false);
        return "session ended";

        void Publish(OvsdbEvent e)
        {
            if (e is OvsdbSnapshot snapshot)
            {
                onSynced();
                if (snapshot.Resumed)
                {
                    OvsdbLog.Resumed(_logger, remote, snapshot.Rows, snapshot.Duration.TotalMilliseconds);
                }
                else
                {
                    OvsdbLog.SnapshotReceived(_logger, remote, snapshot.Rows, snapshot.Duration.TotalMilliseconds);
                }
            }

            _publish(e);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        System.Net.Sockets.SocketException s => s.Message,
        IOException or OvsdbProtocolException or TimeoutException => ex.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
