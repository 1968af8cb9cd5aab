using System.Collections.Immutable;
using System.Net;
using System.Runtime.InteropServices;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Text;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Southbound;

/// <summary>
/// The local copy of the monitored Load_Balancer and Service_Monitor rows. The monitor reply and
/// every later update go through the same <see cref="Apply"/>; each call reports the VIP addresses
/// whose inputs it changed, so later stages re-evaluate only those.
/// </summary>
internal sealed class SouthboundReplica
{
    private readonly Dictionary<Guid, MonitorRow> _monitors = [];
    private readonly Dictionary<Guid, BalancerRow> _balancers = [];
    private readonly Dictionary<BackendKey, BackendRowCounts> _backends = [];
    private readonly Dictionary<BackendKey, List<Guid>>? _rowsByKey;
    private readonly VipIndex _vips = new();
    private readonly LoadBalancerFilter _filter;
    private readonly ILogger _logger;
    private readonly Func<Guid, string, bool>? _isChecked;

    /// <param name="filter">routes.loadBalancers.</param>
    /// <param name="logger">For rows that are skipped.</param>
    /// <param name="trackOvnTiming">Keep Service_Monitor options (some policy uses "ovn").</param>
    /// <param name="isChecked">From the Northbound: whether OVN checks a VIP key of an NB load balancer; null infers it.</param>
    public SouthboundReplica(LoadBalancerFilter filter, ILogger logger, bool trackOvnTiming = false, Func<Guid, string, bool>? isChecked = null)
    {
        _filter = filter;
        _logger = logger;
        _rowsByKey = trackOvnTiming ? [] : null;
        _isChecked = isChecked;
    }

    public int LoadBalancerCount => _balancers.Count;

    public int ServiceMonitorCount => _monitors.Count;

    public int VipCount => _vips.Count;

    public IEnumerable<IPAddress> VipAddresses => _vips.Addresses;

    public VipBackends? FindVip(IPAddress address) => _vips.Find(address);

    public BackendRowCounts GetBackend(BackendKey key) => _backends.GetValueOrDefault(key);

    /// <summary>Every vips entry that counts, with its load balancer's name and protocol (for reports; not on the hot path).</summary>
    public IEnumerable<(string Name, BackendProtocol Protocol, VipEntry Entry)> SelectedEntries() =>
        _balancers.Values.SelectMany(row => row.Entries.Select(entry => (row.Name, row.Protocol ?? BackendProtocol.Tcp, entry)));

    /// <summary>The health-check timing of a backend's rows (largest values); empty unless tracked.</summary>
    public OvnTiming GetTiming(BackendKey key)
    {
        var timing = default(OvnTiming);
        if (_rowsByKey is not null && _rowsByKey.TryGetValue(key, out var rows))
        {
            foreach (var uuid in rows)
            {
                timing = OvnTiming.Max(timing, _monitors[uuid].Timing);
            }
        }

        return timing;
    }

    /// <summary>
    /// Applies one monitor reply (<paramref name="snapshot"/>: replaces everything) or one update,
    /// adding to <paramref name="touched"/> every VIP address whose backends or statuses changed.
    /// </summary>
    public void Apply(IReadOnlyList<TableUpdate> tables, bool snapshot, ISet<IPAddress> touched)
    {
        if (snapshot)
        {
            touched.UnionWith(_vips.Addresses);
            _monitors.Clear();
            _balancers.Clear();
            _backends.Clear();
            _rowsByKey?.Clear();
            _vips.Clear();
        }

        foreach (var table in tables)
        {
            bool isMonitor = table.Table == SouthboundSchema.ServiceMonitor;
            foreach (var row in table.Rows)
            {
                if (isMonitor)
                {
                    ApplyMonitor(row, touched);
                }
                else
                {
                    ApplyBalancer(row, touched);
                }
            }
        }
    }

    private void ApplyMonitor(RowUpdate update, ISet<IPAddress> touched)
    {
        bool existed = _monitors.Remove(update.Uuid, out var old);
        if (existed)
        {
            Unindex(update.Uuid, old, touched);
        }

        if (update.Kind == RowChangeKind.Delete)
        {
            return;
        }

        // Initial and insert rows omit empty columns; modify rows carry only changed ones.
        var row = update.Kind == RowChangeKind.Modify && existed ? old : new MonitorRow(null, 0, BackendProtocol.Tcp, BackendStatus.Unset);
        foreach (var (column, value) in update.Columns)
        {
            row = column switch
            {
                SouthboundSchema.ServiceMonitorIp => row with { Address = ParseMonitorAddress(update.Uuid, value) },
                SouthboundSchema.ServiceMonitorPort => row with { Port = ParseMonitorPort(update.Uuid, value) },
                SouthboundSchema.ServiceMonitorProtocol => row with { Protocol = ParseMonitorProtocol(update.Uuid, value) },
                SouthboundSchema.ServiceMonitorStatus => row with { Status = ParseStatus(update.Uuid, value) },
                SouthboundSchema.ServiceMonitorOptions => row with { Timing = OvnTimingColumn.Apply(row.Timing, value, diff: update.Kind == RowChangeKind.Modify && existed) },
                _ => row,
            };
        }

        _monitors[update.Uuid] = row;
        Index(update.Uuid, row, touched);
    }

    private void Index(Guid uuid, MonitorRow row, ISet<IPAddress> touched)
    {
        Count(row, +1, touched);
        if (_rowsByKey is not null && row.Key is { } key)
        {
            ref var rows = ref CollectionsMarshal.GetValueRefOrAddDefault(_rowsByKey, key, out _);
            (rows ??= new List<Guid>(1)).Add(uuid);
        }
    }

    private void Unindex(Guid uuid, MonitorRow row, ISet<IPAddress> touched)
    {
        Count(row, -1, touched);
        if (_rowsByKey is not null && row.Key is { } key && _rowsByKey.TryGetValue(key, out var rows))
        {
            rows.Remove(uuid);
            if (rows.Count == 0)
            {
                _rowsByKey.Remove(key);
            }
        }
    }

    private void Count(MonitorRow row, int delta, ISet<IPAddress> touched)
    {
        if (row.Key is not { } key)
        {
            return;
        }

        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(_backends, key, out _);
        counts = counts.With(row.Status, delta);
        if (counts.Rows == 0)
        {
            _backends.Remove(key);
        }

        foreach (var address in _vips.UsedBy(key))
        {
            touched.Add(address);
        }
    }

    private void ApplyBalancer(RowUpdate update, ISet<IPAddress> touched)
    {
        _balancers.Remove(update.Uuid, out var old);
        if (update.Kind == RowChangeKind.Delete)
        {
            Swap(old, null, touched);
            return;
        }

        bool modify = update.Kind == RowChangeKind.Modify && old is not null;
        string name = modify ? old!.Name : string.Empty;
        OvsdbValue vips = modify ? old!.RawVips : OvsdbValue.EmptyMap;
        string? protocolText = modify ? old!.RawProtocol : null;
        Guid? northboundId = modify ? old!.NorthboundId : null;
        foreach (var (column, value) in update.Columns)
        {
            switch (column)
            {
                case SouthboundSchema.LoadBalancerName:
                    name = SouthboundColumns.String(value) ?? string.Empty;
                    break;
                case SouthboundSchema.LoadBalancerVips:
                    vips = modify ? OvsdbDiff.ApplyMap(vips, value) : value;
                    break;
                case SouthboundSchema.LoadBalancerProtocol:
                    protocolText = SouthboundColumns.String(value);
                    break;
                case SouthboundSchema.LoadBalancerExternalIds:
                    northboundId = NorthboundIdColumn.Apply(northboundId, value, diff: modify);
                    break;
            }
        }

        var row = Build(update.Uuid, name, vips, protocolText, northboundId, old);
        _balancers[update.Uuid] = row;
        Swap(old, row, touched);
    }

    /// <summary>Moves the VIP index from one version of a row to the next, touching only entries that differ.</summary>
    private void Swap(BalancerRow? old, BalancerRow? row, ISet<IPAddress> touched)
    {
        bool comparable = old is not null && row is not null && old.Protocol == row.Protocol;
        var kept = comparable ? old!.Entries.Intersect(row!.Entries).ToHashSet() : [];
        if (old?.Protocol is { } oldProtocol)
        {
            foreach (var entry in old.Entries.Where(e => !kept.Contains(e)))
            {
                _vips.Remove(entry, oldProtocol);
                touched.Add(entry.Vip.Address);
            }
        }

        if (row?.Protocol is { } protocol)
        {
            foreach (var entry in row.Entries.Where(e => !kept.Contains(e)))
            {
                _vips.Add(entry, protocol);
                touched.Add(entry.Vip.Address);
            }
        }
    }

    /// <summary>
    /// The Northbound's answer changed for these NB load balancers: their SB rows' entries are
    /// rebuilt with the new health-check flags, touching the VIPs that changed.
    /// </summary>
    public void Recheck(IReadOnlySet<Guid> northboundIds, ISet<IPAddress> touched)
    {
        if (northboundIds.Count == 0)
        {
            return;
        }

        foreach (var (uuid, old) in _balancers.ToArray())
        {
            if (old.NorthboundId is { } id && northboundIds.Contains(id))
            {
                var row = Build(uuid, old.Name, old.RawVips, old.RawProtocol, old.NorthboundId, old);
                _balancers[uuid] = row;
                Swap(old, row, touched);
            }
        }
    }

    private BalancerRow Build(Guid uuid, string name, OvsdbValue vips, string? protocolText, Guid? northboundId, BalancerRow? old)
    {
        BackendProtocol? protocol = null;
        if (SouthboundColumns.TryProtocol(protocolText, out var parsed))
        {
            protocol = parsed;
        }
        else if (old is null || old.RawProtocol != protocolText)
        {
            SouthboundLog.RowSkipped(_logger, SouthboundSchema.LoadBalancer, uuid, $"protocol \"{Printable.Of(protocolText)}\" is not tcp, udp or sctp");
        }

        bool selected = _filter.Matches(name);
        var previous = old?.Vips.ToDictionary(v => (v.Key, v.Value)) ?? [];
        var parsedVips = ImmutableArray.CreateBuilder<ParsedVip>(vips.PairsOrEmpty.Length);
        foreach (var (key, value) in vips.PairsOrEmpty)
        {
            if (key.AsString() is not { } k || value.AsString() is not { } v)
            {
                continue;
            }

            bool? healthChecked = _isChecked is null ? null : northboundId is { } id && _isChecked(id, k);
            if (previous.TryGetValue((k, v), out var known) && (known.Entry is null || known.Entry.HealthChecked == healthChecked))
            {
                parsedVips.Add(known);
                continue;
            }

            if (known?.Entry is { } reparsed)
            {
                parsedVips.Add(known with { Entry = reparsed with { HealthChecked = healthChecked } });
            }
            else if (VipParser.TryParseEntry(k, v, out var entry, out var error))
            {
                parsedVips.Add(new ParsedVip(k, v, entry with { HealthChecked = healthChecked }));
            }
            else
            {
                parsedVips.Add(new ParsedVip(k, v, null));
                SouthboundLog.VipSkipped(_logger, new Untrusted(name), new Untrusted(k), error!);
            }
        }

        return new BalancerRow(name, vips, protocolText, protocol, selected, parsedVips.DrainToImmutable(), northboundId);
    }

    private IPAddress? ParseMonitorAddress(Guid uuid, OvsdbValue value)
    {
        string? text = SouthboundColumns.String(value);
        if (text is not null && EndpointParser.TryParseAddress(text, out var address))
        {
            return address;
        }

        SouthboundLog.RowSkipped(_logger, SouthboundSchema.ServiceMonitor, uuid, $"ip \"{Printable.Of(text)}\" is not an IP address");
        return null;
    }

    private int ParseMonitorPort(Guid uuid, OvsdbValue value)
    {
        if (SouthboundColumns.Integer(value) is long port and >= 1 and <= 65535)
        {
            return (int)port;
        }

        SouthboundLog.RowSkipped(_logger, SouthboundSchema.ServiceMonitor, uuid, $"port {Printable.Of(value.Single?.ToString())} is not 1-65535");
        return 0;
    }

    private BackendProtocol? ParseMonitorProtocol(Guid uuid, OvsdbValue value)
    {
        string? text = SouthboundColumns.String(value);
        if (SouthboundColumns.TryProtocol(text, out var protocol))
        {
            return protocol;
        }

        SouthboundLog.RowSkipped(_logger, SouthboundSchema.ServiceMonitor, uuid, $"protocol \"{Printable.Of(text)}\" is not tcp, udp or sctp");
        return null;
    }

    private BackendStatus ParseStatus(Guid uuid, OvsdbValue value)
    {
        if (!SouthboundColumns.TryStatus(value, out var status))
        {
            SouthboundLog.UnknownStatus(_logger, uuid, Printable.Of(value.Single?.ToString()));
        }

        return status;
    }
}
