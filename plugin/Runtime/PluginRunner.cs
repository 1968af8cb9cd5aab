using System.Threading.Channels;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The I/O shell around <see cref="Pipeline"/>: the OVSDB client, the stdin reader and the stdout
/// writer run concurrently and feed one queue; a single loop takes inputs in order, lets the
/// pipeline decide and hands the resulting commands to the writer.
/// </summary>
internal sealed class PluginRunner
{
    private readonly Channel<PipelineInput> _inputs =
        Channel.CreateUnbounded<PipelineInput>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Settings _settings;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AckTracker _acks;
    private readonly ExaBgpWriter _writer;
    private readonly Pipeline _pipeline;

    public PluginRunner(Settings settings, Stream stdin, Stream stdout, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _stdin = stdin;
        _stdout = stdout;
        _time = time;
        _logger = logger;
        _acks = new AckTracker(logger);
        _writer = new ExaBgpWriter(stdout, _acks, settings.ExaBgp, time, logger);
        _pipeline = new Pipeline(settings, logger);
    }

    /// <summary>Asks the loop to stop (signal handlers call this from any thread).</summary>
    public void RequestStop(string reason) => _inputs.Writer.TryWrite(new PipelineInput.Stop(reason));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = _time.CreateTimer(_ => _inputs.Writer.TryWrite(new PipelineInput.Tick()), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var ovsdb = new OvsdbClient(_settings.Ovsdb, SouthboundSchema.Request, e => _inputs.Writer.TryWrite(new PipelineInput.Database(e)), _time, _logger);
        var reader = new ExaBgpReader(_stdin, OnExaBgpInput, _logger);

        Task reading = WatchAsync(reader.RunAsync(stop.Token), "exabgp closed our stdin", stop);
        Task writing = WatchAsync(_writer.RunAsync(stop.Token), "exabgp output closed", stop);
        Task database = ovsdb.RunAsync(stop.Token);
        Task loop = LoopAsync(timer, stop);

        await Task.WhenAny(loop, reading, writing).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);

        // Not the reader: a blocking read of a pipe ExaBGP still holds open cannot be cancelled,
        // and the process may end with it pending.
        await Task.WhenAll(loop, writing, database).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void OnExaBgpInput(ExaBgpInput input)
    {
        switch (input.Kind)
        {
            case ExaBgpInputKind.Done:
                _acks.Answer(ok: true);
                break;
            case ExaBgpInputKind.Error:
                _acks.Answer(ok: false);
                break;
            case ExaBgpInputKind.NeighborUp:
                ExaBgpLog.NeighborUp(_logger, input.Peer!);
                _inputs.Writer.TryWrite(new PipelineInput.NeighborUp(input.Peer!));
                break;
            case ExaBgpInputKind.NeighborDown:
                ExaBgpLog.NeighborDown(_logger, input.Peer!);
                break;
            case ExaBgpInputKind.Shutdown:
                ExaBgpLog.Shutdown(_logger);
                break;
        }
    }

    private async Task LoopAsync(ITimer timer, CancellationTokenSource stop)
    {
        await foreach (var input in _inputs.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
        {
            List<RouteChange> changes;
            try
            {
                changes = Decide(input);
            }
#pragma warning disable CA1031 // A bug in one decision must not kill the plugin: ExaBGP gives up on a crash loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                RuntimeLog.InternalError(_logger, "pipeline", ex);
                continue;
            }

            if (changes.Count > 0)
            {
                var lines = CommandFormatter.Format(changes);
                _writer.Enqueue(lines);
                ExaBgpLog.BatchSent(_logger, lines.Count, changes.Count);
            }

            if (input is PipelineInput.Stop stopRequest)
            {
                await FinishAsync(stopRequest.Reason).ConfigureAwait(false);
                return;
            }

            Rearm(timer);
        }
    }

    private List<RouteChange> Decide(PipelineInput input)
    {
        var now = _time.GetUtcNow();
        return input switch
        {
            PipelineInput.Database { Event: OvsdbSnapshot snapshot } => _pipeline.OnSnapshot(snapshot, now),
            PipelineInput.Database { Event: OvsdbUpdate update } => _pipeline.OnUpdate(update, now),
            PipelineInput.Tick => _pipeline.OnTick(now),
            PipelineInput.NeighborUp neighbor => _pipeline.Synced ? _pipeline.OnNeighborUp(neighbor.Peer) : [],
            PipelineInput.Stop when _settings.Routes.WithdrawOnExit => _pipeline.WithdrawAll(),
            _ => [],
        };
    }

    /// <summary>Lets the writer send what is queued (the withdraws of withdrawOnExit), bounded by the ack timeout.</summary>
    private async Task FinishAsync(string reason)
    {
        RuntimeLog.Stopping(_logger, reason);
        var deadline = _time.GetTimestamp();
        while (_writer.Queued > 0 && _time.GetElapsedTime(deadline) < _settings.ExaBgp.AckTimeout + TimeSpan.FromSeconds(1))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
        }
    }

    private void Rearm(ITimer timer)
    {
        if (_pipeline.NextDue() is { } due)
        {
            var delay = due - _time.GetUtcNow();
            timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task WatchAsync(Task task, string reason, CancellationTokenSource stop)
    {
        try
        {
            await task.ConfigureAwait(false);
            if (!stop.IsCancellationRequested)
            {
                RuntimeLog.Stopping(_logger, reason);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (IOException ex)
        {
            ExaBgpLog.OutputFailed(_logger, ex.Message);
        }
    }
}
