using System.Collections.Immutable;
using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Text;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Southbound;

/// <summary>
/// The Load_Balancer rows, with their vips parsed into entries of the shared <see cref="VipIndex"/>.
/// A new version of a row moves only the entries that differ, and reuses the parse of the pairs
/// it kept, so a change to one VIP of a large load balancer touches that VIP alone.
/// </summary>
internal sealed class BalancerRows
{
    private readonly Dictionary<Guid, BalancerRow> _rows = [];
    private readonly VipsMap _vipsMap = new();
    private readonly VipIndex _vips;
    private readonly LoadBalancerFilter _filter;
    private readonly Func<Guid, string, HealthCheckConfig?>? _isChecked;
    private readonly ILogger _logger;
    private readonly Action<VipBackends> _touch;

    /// <param name="vips">Where the entries of selected rows are indexed.</param>
    /// <param name="filter">routes.loadBalancers.</param>
    /// <param name="isChecked">How OVN checks a VIP key of an NB load balancer (see <see cref="SouthboundReplica"/>).</param>
    /// <param name="logger">For rows and VIPs that are skipped.</param>
    /// <param name="touch">Called with every VIP that gained or lost an entry.</param>
    public BalancerRows(VipIndex vips, LoadBalancerFilter filter, Func<Guid, string, HealthCheckConfig?>? isChecked, ILogger logger, Action<VipBackends> touch)
    {
        _vips = vips;
        _filter = filter;
        _isChecked = isChecked;
        _logger = logger;
        _touch = touch;
    }

    public int Count => _rows.Count;

    /// <summary>The NB load balancers some SB row comes from (by lb_id or shared UUID); not on the hot path.</summary>
    public HashSet<Guid> NorthboundRows() => [.. _rows.Select(b => NorthboundKey(b.Key, b.Value.NorthboundId))];

    /// <summary>Every vips entry that counts, with its load balancer's name and protocol (for reports; not on the hot path).</summary>
    public IEnumerable<(string Name, BackendProtocol Protocol, VipEntry Entry)> SelectedEntries() =>
        _rows.Values.SelectMany(row => row.Entries.Select(entry => (row.Name, row.Protocol ?? BackendProtocol.Tcp, entry)));

    public void Clear() => _rows.Clear();

    public void TrimExcess() => _rows.TrimExcess();

    public void Apply(Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        _rows.Remove(uuid, out var old);
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
                    protocolText = shape == ValueShape.WrongType ? SouthboundColumns.NotAString : SouthboundColumns.ProtocolText(protocol);
                    break;
                case SouthboundSchema.LoadBalancerExternalIds:
                    northboundId = NorthboundIdColumn.Apply(northboundId, ref columns, diff: modify);
                    break;
            }
        }

        var row = Build(uuid, name, protocolText, northboundId, old);
        _rows[uuid] = row;
        Swap(old, row);
    }

    /// <summary>
    /// Rebuilds the entries of the rows that come from these NB load balancers (null: every row) with
    /// the health-check flags the Northbound now gives.
    /// </summary>
    public void Recheck(IReadOnlySet<Guid>? northboundIds)
    {
        foreach (var (uuid, old) in _rows.ToArray())
        {
            if (northboundIds is null || northboundIds.Contains(NorthboundKey(uuid, old.NorthboundId)))
            {
                _vipsMap.Load(old.Vips);
                var row = Build(uuid, old.Name, old.RawProtocol, old.NorthboundId, old);
                _rows[uuid] = row;
                Swap(old, row);
            }
        }
    }

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
                    _touch(backends);
                }
            }
        }

        if (row is { Selected: true, Protocol: { } protocol })
        {
            foreach (var vip in row.Vips)
            {
                if (vip.Entry is { } entry && kept?.Contains(entry) != true)
                {
                    _touch(_vips.Add(entry, protocol));
                }
            }
        }
    }

    /// <summary>Makes the row from the pairs in <see cref="_vipsMap"/>, reusing the parse of pairs the old version had.</summary>
    private BalancerRow Build(Guid uuid, string name, string? protocolText, Guid? northboundId, BalancerRow? old)
    {
        BackendProtocol? protocol = null;
        if (protocolText != SouthboundColumns.NotAString && SouthboundColumns.TryProtocol(protocolText, out var parsed))
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
}
