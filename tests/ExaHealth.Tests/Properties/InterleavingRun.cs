using System.Net;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Plays interleaving steps against a pipeline, a route outbox and a model of ExaBGP, as
/// PluginRunner and ExaBgpWriter wire them, while keeping the databases as they truly are: updates
/// change the truth and reach the pipeline only over a live connection, snapshots send the truth,
/// resumes send what changed since what the pipeline last saw. Every line is checked against the
/// allow-list in force when it is produced (the first property); <see cref="Quiesce"/> then checks
/// the second.
/// </summary>
internal sealed class InterleavingRun
{
    private readonly PipelineFixture _fixture = new();
    private readonly RouteOutbox _outbox = new();
    private readonly ExaBgpRib _rib = new();
    private readonly Queue<RouteCommand> _inFlight = new();
    private readonly HashSet<IPNetwork> _refusedInBatch = [];
    private readonly List<string> _trace = [];
    private readonly Pipeline _pipeline;
    private OvnDatabase _sb = new();
    private OvnDatabase _nb = new();
    private OvnDatabase? _sbSeen;
    private OvnDatabase? _nbSeen;
    private bool _sbUp;
    private bool _nbUp;
    private bool _maintenance;
    private InterleavingConfig _config;
    private Settings _settings;

    // A streamed snapshot under way: the rows still to come, the database they are of, and the
    // transactions the server queued behind the reply.
    private Queue<TableUpdate[]>? _streamParts;
    private OvnDatabase? _streamedAt;
    private readonly List<TableUpdate[]> _queued = [];

    /// <summary>A pipeline started with <paramref name="inherited"/> in its state file (and still in ExaBGP).</summary>
    public InterleavingRun(InterleavingConfig config, IReadOnlyList<Route> inherited)
    {
        _config = config;
        _settings = config.ToSettings();
        // Not the fixture's ListLogger: a property plays thousands of steps and nothing reads their log.
        _pipeline = new Pipeline(_settings, NullLogger.Instance);
        _pipeline.Inherit(inherited);
        _outbox.Inherit(inherited);
        foreach (var route in inherited)
        {
            _rib.Apply(CommandFormatter.Format([new RouteChange(RouteChangeKind.Announce, route)]).Single());
        }
    }

    private DateTimeOffset Now => _fixture.Now;

    /// <summary>What happened, for a failure message.</summary>
    public string Trace => string.Join("\n", _trace);

    public void Play(InterleavingStep step)
    {
        _trace.Add("> " + step);
        switch (step)
        {
            case InterleavingStep.SbSnapshot { Parts: var parts }:
                SbReconnect();
                _trace.Add("  sb rows " + Json(Sb(_sb.Snapshot())));
                if (parts == 0)
                {
                    Emit(_pipeline.OnSnapshot(new OvsdbSnapshot(_config.SouthboundRemote, Sb(_sb.Snapshot()), TimeSpan.Zero), Now));
                    SbSynced(_sb);
                }
                else
                {
                    StartStream(parts, parts);
                    FinishStream();
                }

                break;
            case InterleavingStep.SbStreamStart { Parts: var parts, Delivered: var delivered }:
                SbReconnect();
                _trace.Add("  sb rows " + Json(Sb(_sb.Snapshot())));
                StartStream(parts, Math.Min(delivered, parts - 1));
                break;
            case InterleavingStep.SbStreamFinish:
                FinishStream();
                break;
            case InterleavingStep.SbResume when _sbSeen is { } seen:
                SbReconnect();
                _trace.Add("  sb resume " + Json(Sb(_sb.ChangesSince(seen))));
                Emit(_pipeline.OnSnapshot(new OvsdbSnapshot(_config.SouthboundRemote, Sb(_sb.ChangesSince(seen)), TimeSpan.Zero, Resumed: true), Now));
                SbSynced(_sb);
                break;
            case InterleavingStep.SbResume:
                // Nothing seen on this subscription: the client has no transaction to resume from.
                Play(new InterleavingStep.SbSnapshot(0));
                break;
            case InterleavingStep.SbUpdate { Changes: var changes }:
                SbUpdate(changes);
                break;
            case InterleavingStep.SbDisconnect:
                SbDisconnect();
                break;
            case InterleavingStep.NbSnapshot:
                NbDisconnectIfUp();
                _trace.Add("  nb rows " + Json(Nb(_nb.Snapshot())));
                Emit(_pipeline.OnNorthbound(new OvsdbSnapshot(InterleavingConfig.NorthboundRemote, Nb(_nb.Snapshot()), TimeSpan.Zero), Now));
                NbSynced();
                break;
            case InterleavingStep.NbResume when _nbSeen is { } seen:
                NbDisconnectIfUp();
                _trace.Add("  nb resume " + Json(Nb(_nb.ChangesSince(seen))));
                Emit(_pipeline.OnNorthbound(new OvsdbSnapshot(InterleavingConfig.NorthboundRemote, Nb(_nb.ChangesSince(seen)), TimeSpan.Zero, Resumed: true), Now));
                NbSynced();
                break;
            case InterleavingStep.NbResume:
                Play(new InterleavingStep.NbSnapshot());
                break;
            case InterleavingStep.NbUpdate { Changes: var changes }:
                NbUpdate(changes);
                break;
            case InterleavingStep.NbDisconnect:
                // A client retrying reports every failed attempt, connected before or not.
                _nbUp = false;
                Emit(_pipeline.OnNorthbound(new OvsdbDisconnected(InterleavingConfig.NorthboundRemote, "reset", TimeSpan.FromSeconds(1)), Now));
                break;
            case InterleavingStep.Advance { Seconds: var seconds }:
                _fixture.Time.Advance(TimeSpan.FromSeconds(seconds));
                Emit(_pipeline.OnHousekeeping(Now));
                if (_pipeline.NextDue() is { } due && due <= Now)
                {
                    Emit(_pipeline.OnTick(Now));
                }

                break;
            case InterleavingStep.Reload { Config: var config }:
                Reload(config);
                break;
            case InterleavingStep.NeighborUp { Peer: var peer }:
                // PluginRunner replays only once synced.
                if (_pipeline.Synced)
                {
                    Emit(_pipeline.OnNeighborUp(OvnPools.Peers[peer % OvnPools.Peers.Length]));
                }

                break;
            case InterleavingStep.Writer { Refuse: var refuse }:
                WriterStep(refuse);
                break;
            case InterleavingStep.Maintenance { On: var on }:
                _maintenance = on;
                Emit(_pipeline.SetMaintenance(on));
                break;
        }
    }

    /// <summary>
    /// The end of the sequence: both databases answer with a full snapshot of their truth and the
    /// writer drains, every command answered <c>done</c>. Returns the pipeline's routes and what
    /// ExaBGP holds, beside those of a fresh pipeline fed the same databases under the same settings.
    /// </summary>
    public (string Routes, string FreshRoutes, string Rib, string FreshRib) Quiesce()
    {
        _trace.Add("> quiescence");
        Play(new InterleavingStep.NbSnapshot());
        Play(new InterleavingStep.SbSnapshot(0));
        while (_inFlight.Count > 0 || _outbox.Count > 0)
        {
            WriterStep(refuse: false);
        }

        var fresh = new Pipeline(_settings, NullLogger.Instance);
        fresh.SetMaintenance(_maintenance);
        fresh.OnNorthbound(new OvsdbSnapshot(InterleavingConfig.NorthboundRemote, Nb(_nb.Snapshot()), TimeSpan.Zero), Now);
        var freshRib = new ExaBgpRib();
        foreach (var line in CommandFormatter.Format(fresh.OnSnapshot(new OvsdbSnapshot(_config.SouthboundRemote, Sb(_sb.Snapshot()), TimeSpan.Zero), Now)))
        {
            freshRib.Apply(line);
        }

        return (RoutesText(_pipeline.Routes), RoutesText(fresh.Routes), _rib.Text(), freshRib.Text());
    }

    private void SbReconnect()
    {
        if (_sbUp || _streamParts is not null)
        {
            SbDisconnect();
        }
    }

    private void SbDisconnect()
    {
        // A lost connection drops a stream under way and what was queued behind it.
        _sbUp = false;
        _streamParts = null;
        _queued.Clear();
        _pipeline.OnDatabaseLost(Now);
    }

    private void SbSynced(OvnDatabase seen)
    {
        _sbUp = true;
        _sbSeen = seen.Clone();
    }

    private void StartStream(int parts, int delivered)
    {
        var rows = _sb.Snapshot().SelectMany(t => t.Rows.Select(r => new TableUpdate(t.Table, [r]))).ToList();
        _streamParts = new Queue<TableUpdate[]>(Enumerable.Range(0, parts)
            .Select(p => rows.Where((_, i) => i * parts / Math.Max(rows.Count, 1) == p).ToArray()));
        _streamedAt = _sb.Clone();
        for (int i = 0; i < delivered; i++)
        {
            _pipeline.OnSnapshotPart(new OvsdbSnapshotPart(Sb(_streamParts.Dequeue()).Check()));
        }
    }

    private void FinishStream()
    {
        if (_streamParts is null)
        {
            return;
        }

        while (_streamParts.TryDequeue(out var part))
        {
            _pipeline.OnSnapshotPart(new OvsdbSnapshotPart(Sb(part).Check()));
        }

        _streamParts = null;
        Emit(_pipeline.OnSnapshot(new OvsdbSnapshot(_config.SouthboundRemote, Sb([]), TimeSpan.Zero, StreamedRows: new RowCounts(TestUpdates.Request)), Now));
        SbSynced(_streamedAt!);
        foreach (var update in _queued)
        {
            Emit(_pipeline.OnUpdate(new OvsdbUpdate(Sb(update)), Now));
        }

        _queued.Clear();
        SbSynced(_sb);
    }

    private void SbUpdate(SbChange[] changes)
    {
        var next = _sb.Clone();
        foreach (var change in changes)
        {
            change.ApplyTo(next);
        }

        var message = next.ChangesSince(_sb);
        _sb = next;
        if (message.Length == 0)
        {
            return;
        }

        if (_streamParts is not null)
        {
            _queued.Add(message);
        }
        else if (_sbUp)
        {
            _trace.Add("  sb update " + Json(Sb(message)));
            Emit(_pipeline.OnUpdate(new OvsdbUpdate(Sb(message)), Now));
            SbSynced(_sb);
        }
    }

    private void NbDisconnectIfUp()
    {
        if (_nbUp)
        {
            Play(new InterleavingStep.NbDisconnect());
        }
    }

    private void NbSynced()
    {
        _nbUp = true;
        _nbSeen = _nb.Clone();
    }

    private void NbUpdate(NbChange[] changes)
    {
        var next = _nb.Clone();
        foreach (var change in changes)
        {
            change.ApplyTo(next);
        }

        var message = next.ChangesSince(_nb);
        _nb = next;
        if (message.Length > 0 && _nbUp)
        {
            _trace.Add("  nb update " + Json(Nb(message)));
            Emit(_pipeline.OnNorthbound(new OvsdbUpdate(Nb(message)), Now));
            NbSynced();
        }
    }

    private void Reload(InterleavingConfig config)
    {
        _config = config;
        _settings = config.ToSettings();
        var (changes, resubscribe) = _pipeline.Reconfigure(_settings, Now);
        Emit(changes);
        if (resubscribe)
        {
            // New clients: the old ones' events are dropped by generation, and neither can resume.
            _sbUp = _nbUp = false;
            _sbSeen = _nbSeen = null;
            _streamParts = null;
            _queued.Clear();
        }
    }

    /// <summary>ExaBgpWriter: a batch taken when nothing is in flight, else one answer to the command in flight.</summary>
    private void WriterStep(bool refuse)
    {
        if (_inFlight.Count == 0)
        {
            _refusedInBatch.Clear();
            foreach (var command in CommandFormatter.Commands(_outbox.Take()))
            {
                CheckAllowed(command.Line, "written");
                _inFlight.Enqueue(command);
            }

            return;
        }

        // As ExaBgpWriter: a replay of a prefix refused earlier in the batch is not written.
        if (CommandFormatter.WithoutReplaysOf(_inFlight.Dequeue(), _refusedInBatch) is not { } head)
        {
            return;
        }

        // ExaBGP refuses announces here, never a withdraw or a replay (a replay refused is left alone by design).
        if (refuse && head.Changes.All(c => c is { Kind: RouteChangeKind.Announce, Mode: not RouteChangeMode.Replay }))
        {
            _trace.Add("  error: " + head.Line);
            _refusedInBatch.UnionWith(head.Changes.Select(c => c.Route.Prefix));
            Emit(_pipeline.OnRefused(_outbox.Forget(head.Changes)));
        }
        else
        {
            _trace.Add("  done: " + head.Line);
            _rib.Apply(head.Line);
        }
    }

    /// <summary>What the pipeline decided goes to the outbox, as PluginRunner hands it to the writer; each line checked first.</summary>
    private void Emit(List<RouteChange> changes)
    {
        foreach (var line in CommandFormatter.Format(changes))
        {
            _trace.Add("  emitted: " + line);
            CheckAllowed(line, "emitted");
        }

        _outbox.Add(changes);
    }

    private void CheckAllowed(string line, string what)
    {
        var command = ParsedCommand.Parse(line);
        if (command.Announce && command.Prefixes.Where(p => !_settings.Routes.IsAllowed(p.BaseAddress)).Select(p => (IPNetwork?)p).FirstOrDefault() is { } outside)
        {
            throw new AssertFailedException($"{what} an announce of {outside} outside routes.allowedPrefixes {string.Join(" ", _settings.Routes.AllowedPrefixes)}: {line}\n{Trace}");
        }
    }

    private static string RoutesText(RouteTable routes) => string.Join("\n", routes.Routes
        .Select(r => CommandFormatter.Format([new RouteChange(RouteChangeKind.Announce, r)]).Single())
        .Order(StringComparer.Ordinal));

    private static TableUpdatesData Sb(TableUpdate[] tables) => TestUpdates.Of(tables);

    private static TableUpdatesData Nb(TableUpdate[] tables) => OvnRows.Northbound(tables);

    private static string Json(TableUpdatesData data) => System.Text.Encoding.UTF8.GetString(data.Json.Span);
}
