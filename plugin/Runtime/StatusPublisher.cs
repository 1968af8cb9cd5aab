using System.Globalization;
using System.Net;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Status;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The status and metrics files: what the loop saw marks them out of date, and a write goes out
/// within a second of a change and every policy.interval. The rows are refreshed on the loop, only
/// for the VIPs that changed; sorting, serializing and writing run in the background.
/// </summary>
internal sealed class StatusPublisher
{
    private readonly Pipeline _pipeline;
    private readonly ExaBgpWriter _writer;
    private readonly AckTracker _acks;
    private readonly MonotonicClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DateTimeOffset _startedAt;
    private readonly DatabaseTracker _southbound = new();
    private readonly DatabaseTracker _northbound = new();
    private readonly StatusScratch _scratch = new();
    private readonly StatusRows _rows = new();
    private readonly HashSet<IPAddress> _changed = [];
    private StatusWriter _status;
    private bool _dirty = true;
    private Task _writing = Task.CompletedTask;
    private readonly StatusPacing _pacing = new();
    private long _announces;
    private long _withdraws;

    public StatusPublisher(Settings settings, Pipeline pipeline, ExaBgpWriter writer, AckTracker acks, MonotonicClock clock, TimeProvider time, ILogger logger)
    {
        _pipeline = pipeline;
        _writer = writer;
        _acks = acks;
        _clock = clock;
        _time = time;
        _logger = logger;
        _startedAt = time.GetUtcNow();
        _status = new StatusWriter(settings.State.StatusFile, settings.State.MetricsFile, time, logger);
    }

    /// <summary>Nothing waits to be written and no write is going: the status holds no garbage in the making.</summary>
    public bool Idle => !_dirty && _writing.IsCompleted;

    private Settings Settings => _pipeline.Settings;

    /// <summary>An input the loop is about to decide; <paramref name="generation"/> is the database clients' current one.</summary>
    public void Saw(PipelineInput input, int generation)
    {
        _dirty |= input is not (PipelineInput.Housekeeping or PipelineInput.Database { Event: OvsdbSnapshotPart });
        if (input is PipelineInput.Database { Generation: var current } database && current == generation)
        {
            (database.Northbound ? _northbound : _southbound).Observe(database.Event, _time.GetUtcNow());
            _dirty |= database.Event is OvsdbSnapshot or OvsdbDisconnected;
        }
    }

    /// <summary>Route changes handed to the writer, counted for the metrics.</summary>
    public void Sent(List<RouteChange> changes)
    {
        _dirty = true;
        _announces += changes.Count(c => c.Kind == RouteChangeKind.Announce);
        _withdraws += changes.Count(c => c.Kind == RouteChangeKind.Withdraw);
    }

    /// <summary>A reload: the files may be others.</summary>
    public void Reconfigure(Settings next)
    {
        _status = new StatusWriter(next.State.StatusFile, next.State.MetricsFile, _time, _logger);
        _dirty = true;
    }

    /// <summary>Gives back the room a snapshot's changed VIPs left; called before the heap is compacted.</summary>
    public void TrimScratch() => _changed.TrimExcess();

    /// <summary>The status and metrics files, when <see cref="StatusPacing"/> says; a write not due keeps the dirty flag for the next second.</summary>
    public void Write(bool force)
    {
        var now = _clock.Now;
        var interval = Settings.Policy.Interval ?? TimeSpan.FromSeconds(5);
        if (!_status.Enabled || !_pacing.Due(_dirty, force, writing: !_writing.IsCompleted, commandsQueued: _writer.Queued > 0, interval, now))
        {
            return;
        }

        _dirty = false;
        _pacing.Started(interval, now);
        RefreshRows();
        var report = Build(_time.GetUtcNow());
        var rows = _rows.Snapshot();
        var writer = _status;
        _writing = Task.Run(() => WriteInBackground(writer, report, rows));
    }

    /// <summary>Rows for the VIPs the pipeline touched since the last write (all of them after a new configuration).</summary>
    private void RefreshRows()
    {
        bool all = _pipeline.TakeStatusChanges(_changed);
        if (!_pipeline.Synced)
        {
            _rows.Clear();
        }
        else if (all || _rows.Count == 0)
        {
            _rows.Clear();
            _rows.Refresh(StatusBuilder.Addresses(_pipeline.Replica, _pipeline.Policy, _pipeline.Routes), Row);
        }
        else
        {
            _rows.Refresh(_changed, Row);
        }

        _changed.Clear();
    }

    /// <summary>A VIP's row; its "since" was decided on the monotonic clock and is shown on the wall clock.</summary>
    private VipStatus? Row(IPAddress address)
    {
        var row = StatusBuilder.RowOrNull(address, _pipeline.Replica, _pipeline.Policy, _pipeline.Routes, Settings, _pipeline.Drained, _scratch);
        if (row is not null && _pipeline.DrainLeft(HostPrefix.For(address), _clock.Now) is { } left)
        {
            row = row with { State = "draining", Reason = string.Create(CultureInfo.InvariantCulture, $"draining, withdraw in {Math.Ceiling(left.TotalSeconds):0} s ({_pipeline.DrainReason(HostPrefix.For(address))})") };
        }

        return row is { Since: { } since } ? row with { Since = _clock.ToWall(since) } : row;
    }

    /// <summary>Sorting, serializing and writing, off the pipeline thread: at 10,000 VIPs they take tens of milliseconds.</summary>
    private void WriteInBackground(StatusWriter writer, StatusReport report, ArraySegment<StatusEntry> rows)
    {
        try
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            StatusRows.Sort(rows);
            writer.Write(report with { Vips = new StatusRowList(rows) });
            HeapCompaction.AfterStatusWrite(GC.GetAllocatedBytesForCurrentThread() - allocated);
        }
#pragma warning disable CA1031 // A bug in writing the status must not stop the plugin; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RuntimeLog.InternalError(_logger, "status", ex);
        }
    }

    /// <summary>Everything but the VIP rows, which come from <see cref="_rows"/>.</summary>
    private StatusReport Build(DateTimeOffset now) => new(
        ProgramInfo.Version,
        Environment.ProcessId,
        now,
        _startedAt,
        _southbound.Report(now),
        Settings.Northbound is null ? null : _northbound.Report(now) with { Ignored = _pipeline.NorthboundIgnored },
        _pipeline.Maintenance,
        _pipeline.DatabaseLossWithdrawn,
        _pipeline.Routes.Count,
        _announces,
        _withdraws,
        _acks.Errors,
        []);
}
