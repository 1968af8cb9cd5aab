using Microsoft.Extensions.Logging;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Keeps a monitor open forever: connect, run a session, and on any fault log, wait a capped
/// exponential backoff with jitter and start again with a fresh snapshot. Never gives up, since
/// ExaBGP shuts BGP down when its plugin dies repeatedly.
/// </summary>
internal sealed class OvsdbClient
{
    private readonly OvsdbClientOptions _options;
    private readonly MonitorRequest _request;
    private readonly Action<OvsdbEvent> _publish;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;

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
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int attempt = 0;
        int next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            OvsdbRemote remote = _options.Remotes[next % _options.Remotes.Count];
            next++;
            string reason;
            try
            {
                reason = await RunOnceAsync(remote, () => attempt = 0, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any fault of one connection is retried; exiting would make ExaBGP give up on us.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                reason = Describe(ex);
            }

            TimeSpan delay = Backoff.Delay(attempt++, _options.MaxBackoff, _random());
            OvsdbLog.ConnectionLost(_logger, remote, reason, delay.TotalSeconds);
            _publish(new OvsdbDisconnected(remote, reason, delay));
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<string> RunOnceAsync(OvsdbRemote remote, Action onSynced, CancellationToken cancellationToken)
    {
        await using Stream stream = await OvsdbConnector.ConnectAsync(remote, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        OvsdbLog.Connected(_logger, remote);
        _publish(new OvsdbConnected(remote));
        using var session = new OvsdbSession(stream, remote, _request, Publish, _options, _time, _logger);
        await session.RunAsync(cancellationToken).ConfigureAwait(false);
        return "session ended";

        void Publish(OvsdbEvent e)
        {
            if (e is OvsdbSnapshot snapshot)
            {
                onSynced();
                OvsdbLog.SnapshotReceived(_logger, remote, new RowCounts(snapshot.Tables), snapshot.Duration.TotalMilliseconds);
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
