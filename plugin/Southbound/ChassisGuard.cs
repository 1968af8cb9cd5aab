using System.Runtime.InteropServices;
using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Text;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Southbound;

/// <summary>
/// policy.staleChassis inside the replica: which Service_Monitor rows sit on a logical port whose
/// chassis is gone or stale (<see cref="ChassisLiveness"/>), so that they count offline. A row's port
/// is followed through Port_Binding to its chassis, the same on every OVN release; a port bound to no
/// chassis (its Chassis row deleted clears the binding) counts as gone. Judging runs per chassis and
/// recounts only the rows of the ports that changed side, through <c>recount</c> (uncount, flip, count).
/// </summary>
internal sealed class ChassisGuard(TimeSpan patience, ILogger logger, Action<Guid, int> recount)
{
    private readonly ChassisLiveness _liveness = new(patience);
    private readonly Dictionary<string, HashSet<Guid>> _rowsByPort = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, (string Port, Guid? Chassis)> _bindings = [];
    private readonly Dictionary<string, Guid?> _portChassis = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, HashSet<string>> _chassisPorts = [];
    private readonly HashSet<Guid> _stale = [];

    // Kept after a Chassis row is deleted, for the log line that says so.
    private readonly Dictionary<Guid, string> _knownNames = [];
    private DateTimeOffset? _due;

    /// <summary>When <see cref="Check"/> must run again though nothing changed (a bump's patience runs out).</summary>
    public DateTimeOffset? Due => _due;

    public void Clear()
    {
        _liveness.Clear();
        _rowsByPort.Clear();
        _bindings.Clear();
        _portChassis.Clear();
        _chassisPorts.Clear();
        _stale.Clear();
        _knownNames.Clear();
        _due = null;
    }

    /// <summary>Whether a row on this logical port counts offline whatever its status says.</summary>
    public bool IsStale(string? port) =>
        port is not null && _portChassis.TryGetValue(port, out var chassis) && (chassis is not { } bound || _stale.Contains(bound));

    public void RowIndexed(Guid uuid, string? port)
    {
        if (port is not null)
        {
            (CollectionsMarshal.GetValueRefOrAddDefault(_rowsByPort, port, out _) ??= []).Add(uuid);
        }
    }

    public void RowUnindexed(Guid uuid, string? port)
    {
        if (port is not null && _rowsByPort.TryGetValue(port, out var rows) && rows.Remove(uuid) && rows.Count == 0)
        {
            _rowsByPort.Remove(port);
        }
    }

    /// <summary>A Port_Binding row: the rows on its port are recounted when it moves between stale and not.</summary>
    public void ApplyBinding(Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        bool existed = _bindings.Remove(uuid, out var old);
        var (port, chassis) = existed && kind == RowChangeKind.Modify ? old : (string.Empty, (Guid?)null);
        if (kind != RowChangeKind.Delete)
        {
            while (columns.MoveNext())
            {
                if (columns.Column == SouthboundSchema.PortBindingLogicalPort)
                {
                    port = columns.ReadString(out var utf8) == ValueShape.Present ? Encoding.UTF8.GetString(utf8) : string.Empty;
                }
                else if (columns.Column == SouthboundSchema.PortBindingChassis)
                {
                    // An optional reference: a set of zero or one uuid.
                    var value = columns.ReadValue();
                    chassis = value.Atoms.Length == 1 ? value.Atoms[0].AsUuid() : null;
                }
            }
        }

        if (existed)
        {
            Move(old.Port, () => Unbind(old.Port, old.Chassis));
        }

        if (kind != RowChangeKind.Delete && port.Length > 0)
        {
            _bindings[uuid] = (port, chassis);
            Move(port, () => Bind(port, chassis));
        }
    }

    public void ApplyChassis(Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        _liveness.TryGetChassisName(uuid, out string? name);
        while (kind != RowChangeKind.Delete && columns.MoveNext())
        {
            if (columns.Column == SouthboundSchema.ChassisName)
            {
                name = columns.ReadString(out var utf8) == ValueShape.Present ? Encoding.UTF8.GetString(utf8) : null;
            }
        }

        if (name is not null)
        {
            _knownNames[uuid] = name;
        }

        _liveness.SetChassis(uuid, kind == RowChangeKind.Delete ? null : name);
    }

    public void ApplyChassisPrivate(Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        bool modify = _liveness.TryGetPrivate(uuid, out var row) && kind == RowChangeKind.Modify;
        // update2 omits empty and unchanged columns: a new row starts at nb_cfg 0, a modify from the old values.
        string? name = modify ? row.Name : null;
        long nbCfg = modify ? row.NbCfg : 0;
        while (kind != RowChangeKind.Delete && columns.MoveNext())
        {
            if (columns.Column == SouthboundSchema.ChassisPrivateName)
            {
                name = columns.ReadString(out var utf8) == ValueShape.Present ? Encoding.UTF8.GetString(utf8) : null;
            }
            else if (columns.Column == SouthboundSchema.ChassisPrivateNbCfg && columns.ReadInteger(out long value) == ValueShape.Present)
            {
                nbCfg = value;
            }
        }

        _liveness.SetPrivate(uuid, kind == RowChangeKind.Delete ? null : name, nbCfg);
    }

    public void ApplyGlobal(ref RowColumns columns)
    {
        while (columns.MoveNext())
        {
            if (columns.Column == SouthboundSchema.GlobalNbCfg && columns.ReadInteger(out long value) == ValueShape.Present)
            {
                _liveness.SetGlobal(value);
            }
        }
    }

    /// <summary>
    /// Re-judges the chassis that have bound ports, after rows were applied or when <see cref="Due"/>
    /// is reached; cheap when nothing chassis-related changed.
    /// </summary>
    public void Check(DateTimeOffset now)
    {
        if (!_liveness.Changed && (_due is not { } due || now < due))
        {
            return;
        }

        _liveness.Changed = false;
        _liveness.Stamp(now);
        foreach (var (chassis, ports) in _chassisPorts)
        {
            _liveness.TryGetChassisName(chassis, out string? name);
            var why = name is null ? "no Chassis row" : _liveness.WhyStale(name, now);
            if ((why is not null) == _stale.Contains(chassis))
            {
                continue;
            }

            int rows = ports.Sum(p => _rowsByPort.GetValueOrDefault(p)?.Count ?? 0);
            Recount(ports, () =>
            {
                if (why is null)
                {
                    _stale.Remove(chassis);
                }
                else
                {
                    _stale.Add(chassis);
                }
            });
            if (why is null)
            {
                SouthboundLog.ChassisAnswers(logger, new Untrusted(name ?? _knownNames.GetValueOrDefault(chassis) ?? chassis.ToString()), rows);
            }
            else
            {
                SouthboundLog.ChassisStale(logger, new Untrusted(name ?? _knownNames.GetValueOrDefault(chassis) ?? chassis.ToString()), why, rows);
            }
        }

        _stale.RemoveWhere(c => !_chassisPorts.ContainsKey(c));
        foreach (var gone in _knownNames.Keys.Where(c => !_chassisPorts.ContainsKey(c) && !_liveness.TryGetChassisName(c, out _)).ToArray())
        {
            _knownNames.Remove(gone);
        }

        var names = _chassisPorts.Keys.Where(c => !_stale.Contains(c)).Select(c => _liveness.TryGetChassisName(c, out var n) ? n : null).OfType<string>();
        _due = _liveness.NextDue(names, now);
    }

    private void Bind(string port, Guid? chassis)
    {
        _portChassis[port] = chassis;
        if (chassis is { } bound)
        {
            (CollectionsMarshal.GetValueRefOrAddDefault(_chassisPorts, bound, out bool known) ??= []).Add(port);
            // A chassis first seen with ports must be judged.
            _liveness.Changed |= !known;
        }
    }

    private void Unbind(string port, Guid? chassis)
    {
        _portChassis.Remove(port);
        if (chassis is { } bound && _chassisPorts.TryGetValue(bound, out var ports) && ports.Remove(port) && ports.Count == 0)
        {
            _chassisPorts.Remove(bound);
        }
    }

    // Uncounts the port's rows under the old binding, changes it, counts them under the new one.
    private void Move(string port, Action change)
    {
        if (!_rowsByPort.TryGetValue(port, out var rows))
        {
            change();
            return;
        }

        bool before = IsStale(port);
        var snapshot = rows.ToArray();
        Each(snapshot, -1);
        change();
        Each(snapshot, +1);
        if (!before && IsStale(port) && _portChassis.TryGetValue(port, out var chassis) && chassis is null)
        {
            SouthboundLog.PortUnbound(logger, new Untrusted(port), snapshot.Length);
        }
    }

    private void Recount(HashSet<string> ports, Action change)
    {
        var rows = ports.SelectMany(p => _rowsByPort.GetValueOrDefault(p) ?? []).ToArray();
        Each(rows, -1);
        change();
        Each(rows, +1);
    }

    private void Each(Guid[] rows, int delta)
    {
        foreach (var uuid in rows)
        {
            recount(uuid, delta);
        }
    }
}
