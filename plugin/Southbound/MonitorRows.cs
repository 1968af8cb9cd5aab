using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ExaHealth.Ovsdb;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Southbound;

/// <summary>
/// The Service_Monitor rows, each counted for its backend in the shared <see cref="BackendTable"/>
/// (and, when tracked, indexed by backend for its OVN timing). This is the hot path: every status
/// change of tens of thousands of rows comes through <see cref="Apply"/>, which reads the columns
/// straight from the message (no intermediate object per row).
/// </summary>
internal sealed class MonitorRows
{
    private readonly Dictionary<Guid, MonitorRow> _rows = [];
    private readonly Dictionary<BackendKey, List<Guid>>? _rowsByKey;
    private readonly Dictionary<Guid, OvnTiming>? _timings;
    private readonly BackendTable _backends;
    private readonly ILogger _logger;
    private readonly Action<VipBackends> _touch;
    private readonly Action<int> _flipped;

    // policy.staleChassis: null when off.
    private readonly ChassisGuard? _guard;

    /// <param name="backends">Where rows are counted.</param>
    /// <param name="logger">For rows that are skipped.</param>
    /// <param name="trackOvnTiming">Keep Service_Monitor options (some policy uses "ovn").</param>
    /// <param name="touch">Called with every VIP whose counts changed.</param>
    /// <param name="flipped">Called, instead, with the slot of a backend whose row only changed status (the usual change).</param>
    /// <param name="staleChassis">policy.staleChassis: how long a chassis may leave an nb_cfg bump unanswered; null: off.</param>
    public MonitorRows(BackendTable backends, ILogger logger, bool trackOvnTiming, Action<VipBackends> touch, Action<int> flipped, TimeSpan? staleChassis)
    {
        _backends = backends;
        _guard = staleChassis is { } patience ? new ChassisGuard(patience, logger, Recount) : null;
        _logger = logger;
        _rowsByKey = trackOvnTiming ? [] : null;
        _timings = trackOvnTiming ? [] : null;
        _touch = touch;
        _flipped = flipped;
    }

    public int Count => _rows.Count;

    /// <summary>policy.staleChassis, fed the Chassis, Chassis_Private, Port_Binding and SB_Global rows; null when off.</summary>
    public ChassisGuard? Guard => _guard;

    /// <summary>The health-check timing of a backend's rows (largest values); empty unless tracked.</summary>
    public OvnTiming GetTiming(BackendKey key)
    {
        var timing = default(OvnTiming);
        if (_rowsByKey is not null && _rowsByKey.TryGetValue(key.Rows(), out var rows))
        {
            foreach (var uuid in rows)
            {
                // A row whose options are empty has none: update2 omits empty columns.
                timing = OvnTiming.Max(timing, _timings!.GetValueOrDefault(uuid));
            }
        }

        return timing;
    }

    public void Clear()
    {
        _rows.Clear();
        _rowsByKey?.Clear();
        _timings?.Clear();
    }

    public void TrimExcess() => _rows.TrimExcess();

    /// <summary>After a snapshot: the backend table laid out in the order of the rows (<see cref="BackendTable.LayOut"/>), their slots moved with it.</summary>
    public void LayOutBackends()
    {
        var order = new List<int>(_rows.Count);
        foreach (var row in _rows.Values)
        {
            if (row.Key is not null)
            {
                order.Add(row.Slot);
            }
        }

        var moved = _backends.LayOut(order);
        foreach (var uuid in _rows.Keys)
        {
            // Written in place: the enumeration goes on over the same entries.
            ref var row = ref CollectionsMarshal.GetValueRefOrNullRef(_rows, uuid);
            if (row.Key is not null)
            {
                row = row with { Slot = moved[row.Slot] };
            }
        }
    }

    public void Apply(Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        if (kind == RowChangeKind.Delete)
        {
            if (_rows.Remove(uuid, out var gone))
            {
                Unindex(uuid, gone);
            }

            _timings?.Remove(uuid);
            return;
        }

        // One lookup for the usual change, a status flip: the row is written in place (nothing
        // below adds to or removes from _rows before it is).
        ref var stored = ref CollectionsMarshal.GetValueRefOrNullRef(_rows, uuid);
        bool existed = !Unsafe.IsNullRef(ref stored);
        var old = existed ? stored : MonitorRow.Empty;

        // Initial and insert rows omit empty columns; modify rows carry only changed ones.
        bool modify = kind == RowChangeKind.Modify && existed;
        if (!modify)
        {
            // A full row replaces the old one, options included: without an options column it has none.
            _timings?.Remove(uuid);
        }

        var row = Read(uuid, ref columns, modify ? old : MonitorRow.Empty, modify);
        if (existed && row.Key is not null && row.Key == old.Key && row.LogicalPort == old.LogicalPort)
        {
            // Same backend, same port: counted over from the old status to the new in the slot it is
            // counted in; its VIPs are the replica's to visit.
            stored = row with { Slot = old.Slot };
            _backends.Move(old.Slot, row.LogicalPort, Effective(old), Effective(row));
            _flipped(old.Slot);
            return;
        }

        if (existed)
        {
            Unindex(uuid, old);
            stored = Index(uuid, row);
        }
        else
        {
            _rows[uuid] = Index(uuid, row);
        }
    }

    private MonitorRow Read(Guid uuid, ref RowColumns columns, MonitorRow row, bool modify)
    {
        while (columns.MoveNext())
        {
            switch (columns.Column)
            {
                case SouthboundSchema.ServiceMonitorIp:
                    row = ServiceMonitorColumns.ReadAddress(_logger, uuid, ref columns, row);
                    break;
                case SouthboundSchema.ServiceMonitorPort:
                    row = row with { Port = ServiceMonitorColumns.ReadPort(_logger, uuid, ref columns) };
                    break;
                case SouthboundSchema.ServiceMonitorProtocol:
                    row = row with { Protocol = ServiceMonitorColumns.ReadProtocol(_logger, uuid, ref columns) };
                    break;
                case SouthboundSchema.ServiceMonitorStatus:
                    row = row with { Status = ServiceMonitorColumns.ReadStatus(_logger, uuid, ref columns) };
                    break;
                case SouthboundSchema.ServiceMonitorLogicalPort:
                    row = row with { LogicalPort = ServiceMonitorColumns.ReadLogicalPort(ref columns) };
                    break;
                case SouthboundSchema.ServiceMonitorOptions when _timings is not null:
                    _timings[uuid] = OvnTimingColumn.Apply(modify ? _timings.GetValueOrDefault(uuid) : default, ref columns, diff: modify);
                    break;
            }
        }

        return row;
    }

    /// <summary>Counts a known row again, by <paramref name="delta"/>, as the guard flips its chassis.</summary>
    private void Recount(Guid uuid, int delta) => _rows[uuid] = CountRow(_rows[uuid], delta);

    /// <summary>Counts the row in and indexes it; returns it with the slot it is counted in.</summary>
    private MonitorRow Index(Guid uuid, MonitorRow row)
    {
        row = CountRow(row, +1);
        _guard?.RowIndexed(uuid, row.LogicalPort);

        if (_rowsByKey is not null && row.Key is { } key)
        {
            ref var rows = ref CollectionsMarshal.GetValueRefOrAddDefault(_rowsByKey, key, out _);
            (rows ??= new List<Guid>(1)).Add(uuid);
        }

        return row;
    }

    private void Unindex(Guid uuid, MonitorRow row)
    {
        CountRow(row, -1);
        _guard?.RowUnindexed(uuid, row.LogicalPort);

        if (_rowsByKey is not null && row.Key is { } key && _rowsByKey.TryGetValue(key, out var rows))
        {
            rows.Remove(uuid);
            if (rows.Count == 0)
            {
                _rowsByKey.Remove(key);
            }
        }
    }

    /// <summary>The row with the slot it is counted in now (meaningless once counted out).</summary>
    private MonitorRow CountRow(MonitorRow row, int delta) =>
        row.Key is { } key ? row with { Slot = _backends.Count(key, row.LogicalPort, Effective(row), delta, _touch) } : row;

    /// <summary>A stale chassis' rows still say what its ovn-controller last wrote; nothing serves them now.</summary>
    private BackendStatus Effective(MonitorRow row) => _guard?.IsStale(row.LogicalPort) == true ? BackendStatus.Offline : row.Status;
}
