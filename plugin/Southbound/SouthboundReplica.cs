using System.Collections.Immutable;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Text;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Southbound;

/// <summary>
/// The local copy of the monitored Load_Balancer and Service_Monitor rows. The monitor reply and
/// every later update go through the same <see cref="Apply"/>, which reads the rows straight from
/// the message (no intermediate object per row); each call reports the VIP addresses whose inputs
/// it changed, so later stages re-evaluate only those.
/// </summary>
internal sealed class SouthboundReplica : ITableUpdateSink
{
    private readonly Dictionary<Guid, MonitorRow> _monitors = [];
    private readonly Dictionary<Guid, BalancerRow> _balancers = [];
    private readonly BackendTable _backends = new();
    private readonly Dictionary<BackendKey, List<Guid>>? _rowsByKey;
    private readonly Dictionary<Guid, OvnTiming>? _timings;
    private readonly VipIndex _vips;
    private readonly LoadBalancerFilter _filter;
    private readonly ILogger _logger;
    private readonly Func<Guid, string, HealthCheckConfig?>? _isChecked;
    private readonly VipsMap _vipsMap = new();
    private readonly Action<VipBackends> _touch;
    private ISet<IPAddress>? _touched;

    // policy.staleChassis: null when off.
    private readonly ChassisGuard? _guard;

    /// <param name="filter">routes.loadBalancers.</param>
    /// <param name="logger">For rows that are skipped.</param>
    /// <param name="trackOvnTiming">Keep Service_Monitor options (some policy uses "ovn").</param>
    /// <param name="isChecked">
    /// From the Northbound: how OVN checks a VIP key of an NB load balancer; null (no Northbound, or an
    /// answer of null while it is not usable) infers it from the Service_Monitor rows.
    /// </param>
    /// <param name="staleChassis">policy.staleChassis: how long a chassis may leave an nb_cfg bump unanswered; null: off.</param>
    public SouthboundReplica(LoadBalancerFilter filter, ILogger logger, bool trackOvnTiming = false, Func<Guid, string, HealthCheckConfig?>? isChecked = null,
        TimeSpan? staleChassis = null)
    {
        _guard = staleChassis is { } patience ? new ChassisGuard(patience, logger, (uuid, delta) => Count(_monitors[uuid], delta)) : null;
        _filter = filter;
        _logger = logger;
        _rowsByKey = trackOvnTiming ? [] : null;
        _timings = trackOvnTiming ? [] : null;
        _isChecked = isChecked;
        _touch = vip => _touched?.Add(vip.Address);
        _vips = new VipIndex(_backends, _touch);
    }

    public int LoadBalancerCount => _balancers.Count;

    public int ServiceMonitorCount => _monitors.Count;

    public int VipCount => _vips.Count;

    public IEnumerable<IPAddress> VipAddresses => _vips.Vips.Select(v => v.Address);

    public VipBackends? FindVip(IPAddress address) => _vips.Find(IpKey.From(address));

    public BackendRowCounts GetBackend(BackendKey key) => _backends.Counts(key);

    /// <summary>The NB load balancers some SB row comes from (by lb_id or shared UUID); not on the hot path.</summary>
    public HashSet<Guid> NorthboundRows() => [.. _balancers.Select(b => NorthboundKey(b.Key, b.Value.NorthboundId))];

    /// <summary>Every vips entry that counts, with its load balancer's name and protocol (for reports; not on the hot path).</summary>
    public IEnumerable<(string Name, BackendProtocol Protocol, VipEntry Entry)> SelectedEntries() =>
        _balancers.Values.SelectMany(row => row.Entries.Select(entry => (row.Name, row.Protocol ?? BackendProtocol.Tcp, entry)));

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

    /// <summary>
    /// Applies one monitor reply (<paramref name="snapshot"/>: replaces everything) or one update,
    /// adding to <paramref name="touched"/> (unless null: a replica still being built) every VIP
    /// address whose backends or statuses changed.
    /// The message was checked by the session (<see cref="TableUpdatesData.Take"/>), so reading it cannot fail half way.
    /// </summary>
    public void Apply(TableUpdatesData updates, bool snapshot, ISet<IPAddress>? touched)
    {
        if (snapshot)
        {
            touched?.UnionWith(VipAddresses);
            _monitors.Clear();
            _balancers.Clear();
            _backends.Clear();
            _rowsByKey?.Clear();
            _timings?.Clear();
            _vips.Clear();
            _guard?.Clear();
        }

        _touched = touched;
        updates.ReadInto(this);
        if (snapshot)
        {
            Compact();
        }
    }

    /// <summary>Gives back the room that growing through a snapshot left in the tables (megabytes at 50,000 rows).</summary>
    public void Compact()
    {
        _monitors.TrimExcess();
        _balancers.TrimExcess();
        _backends.TrimExcess();
        _vips.TrimExcess();
    }

    void ITableUpdateSink.OnRow(MonitoredTable table, Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        switch (table.Name)
        {
            case SouthboundSchema.ServiceMonitor:
                ApplyMonitor(uuid, kind, ref columns);
                break;
            case SouthboundSchema.LoadBalancer:
                ApplyBalancer(uuid, kind, ref columns);
                break;
            case SouthboundSchema.PortBinding when _guard is not null:
                _guard.ApplyBinding(uuid, kind, ref columns);
                break;
            case SouthboundSchema.Chassis when _guard is not null:
                _guard.ApplyChassis(uuid, kind, ref columns);
                break;
            case SouthboundSchema.ChassisPrivate when _guard is not null:
                _guard.ApplyChassisPrivate(uuid, kind, ref columns);
                break;
            case SouthboundSchema.Global when _guard is not null:
                _guard.ApplyGlobal(ref columns);
                break;
        }
    }

    /// <summary>When <see cref="CheckChassis"/> must run again though nothing changed (a bump's patience runs out).</summary>
    public DateTimeOffset? ChassisDue => _guard?.Due;

    /// <summary>
    /// policy.staleChassis: after rows were applied, and when <see cref="ChassisDue"/> is reached, the
    /// rows of the ports whose chassis turned stale or fresh are recounted, adding their VIPs to
    /// <paramref name="touched"/>. Cheap when nothing chassis-related changed.
    /// </summary>
    public void CheckChassis(DateTimeOffset now, ISet<IPAddress>? touched)
    {
        if (_guard is not null)
        {
            _touched = touched;
            _guard.Check(now);
        }
    }

    /// <summary>
    /// The Northbound's answer changed for these NB load balancers (null: for every one, as when the
    /// Northbound becomes usable or is lost): their SB rows' entries are rebuilt with the new
    /// health-check flags, adding to <paramref name="touched"/> (unless null: a replica still being
    /// built) the VIPs that changed.
    /// </summary>
    public void Recheck(IReadOnlySet<Guid>? northboundIds, ISet<IPAddress>? touched)
    {
        if (northboundIds is { Count: 0 })
        {
            return;
        }

        _touched = touched;
        foreach (var (uuid, old) in _balancers.ToArray())
        {
            if (northboundIds is null || northboundIds.Contains(NorthboundKey(uuid, old.NorthboundId)))
            {
                _vipsMap.Load(old.Vips);
                var row = Build(uuid, old.Name, old.RawProtocol, old.NorthboundId, old);
                _balancers[uuid] = row;
                Swap(old, row);
            }
        }
    }

    private void ApplyMonitor(Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        bool existed = _monitors.Remove(uuid, out var old);
        if (existed)
        {
            Unindex(uuid, old);
        }

        if (kind == RowChangeKind.Delete)
        {
            _timings?.Remove(uuid);
            return;
        }

        // Initial and insert rows omit empty columns; modify rows carry only changed ones.
        bool modify = kind == RowChangeKind.Modify && existed;
        var row = modify ? old : MonitorRow.Empty;
        if (!modify)
        {
            // A full row replaces the old one, options included: without an options column it has none.
            _timings?.Remove(uuid);
        }

        while (columns.MoveNext())
        {
            switch (columns.Column)
            {
                case SouthboundSchema.ServiceMonitorIp:
                    row = ReadAddress(uuid, ref columns, row);
                    break;
                case SouthboundSchema.ServiceMonitorPort:
                    row = row with { Port = ReadPort(uuid, ref columns) };
                    break;
                case SouthboundSchema.ServiceMonitorProtocol:
                    row = row with { Protocol = ReadMonitorProtocol(uuid, ref columns) };
                    break;
                case SouthboundSchema.ServiceMonitorStatus:
                    row = row with { Status = ReadStatus(uuid, ref columns) };
                    break;
                case SouthboundSchema.ServiceMonitorLogicalPort:
                    row = row with { LogicalPort = columns.ReadString(out var port) == ValueShape.Present && port.Length > 0 ? Encoding.UTF8.GetString(port) : null };
                    break;
                case SouthboundSchema.ServiceMonitorOptions when _timings is not null:
                    _timings[uuid] = OvnTimingColumn.Apply(modify ? _timings.GetValueOrDefault(uuid) : default, ref columns, diff: modify);
                    break;
            }
        }

        _monitors[uuid] = row;
        Index(uuid, row);
    }

    private void Index(Guid uuid, MonitorRow row)
    {
        Count(row, +1);
        _guard?.RowIndexed(uuid, row.LogicalPort);

        if (_rowsByKey is not null && row.Key is { } key)
        {
            ref var rows = ref CollectionsMarshal.GetValueRefOrAddDefault(_rowsByKey, key, out _);
            (rows ??= new List<Guid>(1)).Add(uuid);
        }
    }

    private void Unindex(Guid uuid, MonitorRow row)
    {
        Count(row, -1);
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

    private void Count(MonitorRow row, int delta)
    {
        if (row.Key is not { } key)
        {
            return;
        }

        // A stale chassis' rows still say what its ovn-controller last wrote; nothing serves them now.
        var status = _guard?.IsStale(row.LogicalPort) == true ? BackendStatus.Offline : row.Status;
        _backends.Count(key, row.LogicalPort, status, delta, _touch);
    }

    private void ApplyBalancer(Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        _balancers.Remove(uuid, out var old);
        if (kind == RowChangeKind.Delete)
        {
            Swap(old, null);
            return;
        }

        bool modify = kind == RowChangeKind.Modify && old is not null;
        string name = modify ? old!.Name : string.Empty;
        string? protocolText = modify ? old!.RawProtocol : null;
        Guid? northboundId = modify ? old!.NorthboundId : null;
        _vipsMap.Load(modify ? old!.Vips : []);
        while (columns.MoveNext())
        {
            switch (columns.Column)
            {
                case SouthboundSchema.LoadBalancerName:
                    name = columns.ReadString(out var utf8) == ValueShape.Present ? Encoding.UTF8.GetString(utf8) : string.Empty;
                    break;
                case SouthboundSchema.LoadBalancerVips:
                    _vipsMap.Read(ref columns, diff: modify);
                    break;
                case SouthboundSchema.LoadBalancerProtocol:
                    var shape = columns.ReadString(out var protocol);
                    protocolText = shape == ValueShape.WrongType ? NotAString : SouthboundColumns.ProtocolText(protocol);
                    break;
                case SouthboundSchema.LoadBalancerExternalIds:
                    northboundId = NorthboundIdColumn.Apply(northboundId, ref columns, diff: modify);
                    break;
            }
        }

        var row = Build(uuid, name, protocolText, northboundId, old);
        _balancers[uuid] = row;
        Swap(old, row);
    }

    private const string NotAString = "(not a string)";

    /// <summary>
    /// The NB row an SB Load_Balancer comes from: external_ids:lb_id before OVN 25.03; from 25.03 on
    /// the SB row shares the NB row's UUID and carries no lb_id (SPEC section 3).
    /// </summary>
    private static Guid NorthboundKey(Guid uuid, Guid? lbId) => lbId ?? uuid;

    /// <summary>Moves the VIP index from one version of a row to the next, touching only entries that differ.</summary>
    private void Swap(BalancerRow? old, BalancerRow? row)
    {
        bool comparable = old is not null && row is not null && old.Protocol == row.Protocol && old.Selected && row.Selected;
        HashSet<VipEntry>? kept = comparable ? old!.Entries.Intersect(row!.Entries).ToHashSet() : null;
        if (old is { Selected: true, Protocol: { } oldProtocol })
        {
            foreach (var vip in old.Vips)
            {
                if (vip.Entry is { } entry && kept?.Contains(entry) != true && _vips.Remove(entry, oldProtocol) is { } backends)
                {
                    _touched?.Add(backends.Address);
                }
            }
        }

        if (row is { Selected: true, Protocol: { } protocol })
        {
            foreach (var vip in row.Vips)
            {
                if (vip.Entry is { } entry && kept?.Contains(entry) != true)
                {
                    var backends = _vips.Add(entry, protocol);
                    _touched?.Add(backends.Address);
                }
            }
        }
    }

    /// <summary>Makes the row from the pairs in <see cref="_vipsMap"/>, reusing the parse of pairs the old version had.</summary>
    private BalancerRow Build(Guid uuid, string name, string? protocolText, Guid? northboundId, BalancerRow? old)
    {
        BackendProtocol? protocol = null;
        if (protocolText != NotAString && SouthboundColumns.TryProtocol(protocolText, out var parsed))
        {
            protocol = parsed;
        }
        else if (old is null || old.RawProtocol != protocolText)
        {
            SouthboundLog.RowSkipped(_logger, SouthboundSchema.LoadBalancer, uuid, $"protocol \"{Printable.Of(protocolText)}\" is not tcp, udp or sctp");
        }

        bool selected = _filter.Matches(name);
        Dictionary<(string, ulong), ParsedVip>? previous = old is { Vips.Length: > 0 } ? old.Vips.ToDictionary(v => (v.Key, v.ValueHash)) : null;
        var pairs = _vipsMap.Pairs;
        var parsedVips = ImmutableArray.CreateBuilder<ParsedVip>(pairs.Count);
        foreach (var (k, hash, v) in pairs)
        {
            var check = _isChecked?.Invoke(NorthboundKey(uuid, northboundId), k);
            ParsedVip? known = null;
            if (previous is not null && previous.TryGetValue((k, hash), out known) && (known.Entry is null || known.Entry.Check == check))
            {
                parsedVips.Add(known);
                continue;
            }

            if (known?.Entry is { } reparsed)
            {
                parsedVips.Add(known with { Entry = reparsed with { Check = check } });
            }
            else if (v is null)
            {
                // Only pairs of the previous version come without their text, and those are all known.
                throw new InvalidOperationException($"vips pair \"{Printable.Of(k)}\" of {uuid} has neither a parse nor its text");
            }
            else if (VipParser.TryParseEntry(k, v, out var entry, out var error))
            {
                parsedVips.Add(new ParsedVip(k, hash, check is null ? entry : entry with { Check = check }));
            }
            else
            {
                parsedVips.Add(new ParsedVip(k, hash, null));
                SouthboundLog.VipSkipped(_logger, new Untrusted(name), new Untrusted(k), error!);
            }
        }

        return new BalancerRow(name, parsedVips.MoveToImmutable(), protocolText, protocol, selected, northboundId);
    }

    private MonitorRow ReadAddress(Guid uuid, ref RowColumns columns, MonitorRow row)
    {
        var shape = columns.ReadString(out var utf8);
        if (shape == ValueShape.Present && EndpointParser.TryParseAddress(utf8, out var address))
        {
            return row with { Address = address, HasAddress = true };
        }

        string text = shape == ValueShape.WrongType ? NotAString : Encoding.UTF8.GetString(utf8);
        SouthboundLog.RowSkipped(_logger, SouthboundSchema.ServiceMonitor, uuid, $"ip \"{Printable.Of(text)}\" is not an IP address");
        return row with { Address = default, HasAddress = false };
    }

    private ushort ReadPort(Guid uuid, ref RowColumns columns)
    {
        var shape = columns.ReadInteger(out long port);
        if (shape == ValueShape.Present && port is >= 0 and <= 65535)
        {
            // Port 0: a check without a port (OVN 26.03's icmp rows), not a backend; no key, no warning.
            return (ushort)port;
        }

        string text = shape switch { ValueShape.Present => port.ToString(System.Globalization.CultureInfo.InvariantCulture), ValueShape.Empty => "(empty)", _ => "(not an integer)" };
        SouthboundLog.RowSkipped(_logger, SouthboundSchema.ServiceMonitor, uuid, $"port {text} is not 1-65535");
        return 0;
    }

    private BackendProtocol? ReadMonitorProtocol(Guid uuid, ref RowColumns columns)
    {
        var shape = columns.ReadString(out var utf8);
        if (shape != ValueShape.WrongType && SouthboundColumns.TryProtocol(utf8, out var protocol))
        {
            return protocol;
        }

        if (shape == ValueShape.Present && (utf8.SequenceEqual("icmp"u8) || utf8.SequenceEqual("icmp6"u8)))
        {
            // OVN 26.03's logical-switch-port and network-function checks: never a load-balancer backend.
            return null;
        }

        string text = shape == ValueShape.WrongType ? NotAString : Encoding.UTF8.GetString(utf8);
        SouthboundLog.RowSkipped(_logger, SouthboundSchema.ServiceMonitor, uuid, $"protocol \"{Printable.Of(text)}\" is not tcp, udp or sctp");
        return null;
    }

    private BackendStatus ReadStatus(Guid uuid, ref RowColumns columns)
    {
        var shape = columns.ReadString(out var utf8);
        if (shape == ValueShape.Empty)
        {
            return BackendStatus.Unset;
        }

        if (shape == ValueShape.Present && SouthboundColumns.TryStatus(utf8, out var status))
        {
            return status;
        }

        SouthboundLog.UnknownStatus(_logger, uuid, Printable.Of(shape == ValueShape.WrongType ? NotAString : Encoding.UTF8.GetString(utf8)));
        return BackendStatus.Offline;
    }
}
