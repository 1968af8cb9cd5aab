using System.Threading.Channels;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The I/O shell around <see cref="Pipeline"/>: the OVSDB client, the stdin reader and the stdout
/// writer run concurrently and feed one queue; a single loop takes inputs in order, lets the
/// pipeline decide, records new routes in the state file and hands the commands to the writer.
/// The duties around the loop (status, heap compaction, maintenance, reload, exit, the database
/// clients) are parts of their own; the runner wires them and tells them what the loop saw.
/// </summary>
internal sealed class PluginRunner : IDisposable
{
    private static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromSeconds(1);

    private readonly Channel<PipelineInput> _inputs =
        Channel.CreateUnbounded<PipelineInput>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Stream _stdin;
    private readonly TimeProvider _time;
    private readonly MonotonicClock _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly AckTracker _acks;
    private readonly ExaBgpListener _exabgp;
    private readonly ExaBgpWriter _writer;
    private readonly Pipeline _pipeline;
    private readonly DatabaseClients _database;
    private readonly MaintenanceSwitch _maintenance;
    private readonly StatusPublisher _status;
    private readonly HeapCompaction _compaction;
    private readonly StateDirectory _state;
    private readonly ExitSequence _exit;
    private readonly Reloader _reloader;

    public PluginRunner(Settings settings, Stream stdin, Stream stdout, TimeProvider time, ILogger logger, Func<Settings>? reload = null, LogLevelSwitch? logLevel = null, LogFormatSwitch? format = null)
    {
        _stdin = stdin;
        _time = time;
        _clock = new MonotonicClock(time);
        _logger = logger;
        _acks = new AckTracker(logger);
        _exabgp = new ExaBgpListener(_acks, peer => _inputs.Writer.TryWrite(new PipelineInput.NeighborUp(peer)), logger);
        _writer = new ExaBgpWriter(stdout, _acks, settings.ExaBgp, time, logger,
            refused => _inputs.Writer.TryWrite(new PipelineInput.Refused(refused)));
        _pipeline = new Pipeline(settings, logger);
        _database = new DatabaseClients(_inputs.Writer, time, logger, _stop.Token);
        _maintenance = new MaintenanceSwitch(_pipeline, _clock, () => _inputs.Writer.TryWrite(new PipelineInput.DisableFileChanged()), logger);
        _status = new StatusPublisher(settings, _pipeline, _writer, _acks, _clock, time, logger);
        _compaction = new HeapCompaction(time, logger, _pipeline.TrimScratch, _status.TrimScratch);
        _state = new StateDirectory(time, logger);
        _exit = new ExitSequence(_pipeline, _writer, _state, _exabgp, Send, time, logger);
        _reloader = new Reloader(reload, _pipeline, _writer, _status, _state, _maintenance, _database, logLevel, format, logger);
        if (settings.State.Directory is { } directory)
        {
            var inherited = _state.Open(directory);
            _pipeline.Inherit(inherited);
            _writer.Inherit(inherited);
        }
    }

    private Settings Settings => _pipeline.Settings;

    /// <summary>Asks the loop to stop (signal handlers call this from any thread).</summary>
    public void RequestStop(string reason) => _inputs.Writer.TryWrite(new PipelineInput.Stop(reason));

    /// <summary>Asks the loop to reload the configuration (SIGHUP).</summary>
    public void RequestReload() => _inputs.Writer.TryWrite(new PipelineInput.Reload());

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        using var timer = _time.CreateTimer(_ => _inputs.Writer.TryWrite(new PipelineInput.Tick()), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var housekeeping = _time.CreateTimer(_ => _inputs.Writer.TryWrite(new PipelineInput.Housekeeping()), null, HousekeepingPeriod, HousekeepingPeriod);
        var reader = new ExaBgpReader(_stdin, _exabgp.OnInput, _logger);

        _maintenance.Watch();
        _maintenance.Check();
        _database.Start(Settings);
        Task reading = WatchAsync(reader.RunAsync(linked.Token), "exabgp closed our stdin", linked);
        Task writing = WatchAsync(_writer.RunAsync(linked.Token), "exabgp output closed", linked);
        Task loop = LoopAsync(timer, linked);

        await Task.WhenAny(loop, reading, writing).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        _database.Cancel();

        // Not the reader: a blocking read of a pipe ExaBGP still holds open cannot be cancelled,
        // and the process may end with it pending.
        await Task.WhenAll(loop, writing, _database.Running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _maintenance.Dispose();
        _stop.Dispose();
        _database.Dispose();
    }

    private async Task LoopAsync(ITimer timer, CancellationTokenSource stop)
    {
        try
        {
            await LoopInputsAsync(timer, stop).ConfigureAwait(false);
        }
        finally
        {
            // Lines held while commands were going out (ExaBGP gone, stop): still said.
            _pipeline.LogDecisions();
        }
    }

    private async Task LoopInputsAsync(ITimer timer, CancellationTokenSource stop)
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
                Send(changes);
            }

            // Held lines go out on a later input once the commands are: the housekeeping tick at the latest.
            _pipeline.LogDecisions(commandsQueued: _writer.Queued > 0 && input is not PipelineInput.Stop, _clock.Now);

            if (input is PipelineInput.Stop stopRequest)
            {
                await _exit.RunAsync(stopRequest.Reason).ConfigureAwait(false);
                return;
            }

            Rearm(timer);
        }
    }

    private List<RouteChange> Decide(PipelineInput input)
    {
        var now = _clock.Now;
        _status.Saw(input, _database.Generation);
        _compaction.Saw(input, now);

        return input switch
        {
            PipelineInput.Database { Generation: var g } when g != _database.Generation => [],
            PipelineInput.Database { Northbound: true } northbound => _pipeline.OnNorthbound(northbound.Event, now),
            PipelineInput.Database { Event: OvsdbSnapshotPart part } => Collect(part),
            PipelineInput.Database { Event: OvsdbSnapshot snapshot } => _pipeline.OnSnapshot(snapshot, now),
            PipelineInput.Database { Event: OvsdbUpdate update } => _pipeline.OnUpdate(update, now, Send),
            PipelineInput.Database { Event: OvsdbDisconnected } => Lost(now),
            PipelineInput.Tick => _pipeline.OnTick(now),
            PipelineInput.Housekeeping => Housekeeping(),
            PipelineInput.Reload => _reloader.Reload(now),
            PipelineInput.DisableFileChanged => _maintenance.CheckNow(),
            PipelineInput.Refused refused => _pipeline.OnRefused(refused.Changes),
            PipelineInput.NeighborUp neighbor => _pipeline.Synced ? _pipeline.OnNeighborUp(neighbor.Peer) : [],
            PipelineInput.Stop => _exit.Decide(),
            _ => [],
        };
    }

    /// <summary>Decided changes go out: counted for the metrics, recorded in the state file, then queued for ExaBGP.</summary>
    private void Send(List<RouteChange> changes)
    {
        _status.Sent(changes);
        _state.BeforeSend(changes);
        _writer.Enqueue(changes);
    }

    private List<RouteChange> Collect(OvsdbSnapshotPart part)
    {
        _pipeline.OnSnapshotPart(part);
        return [];
    }

    private List<RouteChange> Lost(DateTimeOffset now)
    {
        _pipeline.OnDatabaseLost(now);
        return [];
    }

    private List<RouteChange> Housekeeping()
    {
        if (_writer.Queued == 0 && _pipeline.Synced)
        {
            _state.CompactIfChanged(_pipeline.Routes);
        }

        var changes = _pipeline.OnHousekeeping(_clock.Now);
        changes.AddRange(_maintenance.Check());
        _status.Write(force: changes.Count > 0);
        if (_compaction.Due(_clock.Now) && _writer.Queued == 0 && _status.Idle)
        {
            _compaction.Compact();
        }

        return changes;
    }

    private void Rearm(ITimer timer)
    {
        if (_pipeline.NextDue() is { } due)
        {
            var delay = due - _clock.Now;
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
