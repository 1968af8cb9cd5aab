using System.Net;
using ExaHealth.Ovsdb;

namespace ExaHealth.Northbound;

/// <summary>
/// The Northbound's health-check configuration: which (load balancer, VIP key) pairs OVN checks.
/// As ovn-northd does (northd/lb.c), a VIP is checked when one of its load balancer's
/// Load_Balancer_Health_Check rows has exactly that key as its <c>vip</c>, except for SCTP and
/// template load balancers, which OVN does not check.
/// </summary>
internal sealed class NorthboundReplica
{
    private readonly Dictionary<Guid, NorthboundBalancer> _balancers = [];
    private readonly Dictionary<Guid, string> _checks = [];

    /// <summary>A complete snapshot has been applied (the rows are kept across a lost connection, for a resume).</summary>
    public bool Synced { get; private set; }

    /// <summary>Synced and connected: only then does the Northbound refine decisions (SPEC section 2).</summary>
    public bool Usable => Synced && _connected;

    private bool _connected;

    public int BalancerCount => _balancers.Count;

    /// <summary>Every NB load balancer, by UUID, with its name (for the check that each has an SB row).</summary>
    public IEnumerable<(Guid Uuid, string Name)> Balancers => _balancers.Select(b => (b.Key, b.Value.Name));

    /// <summary>
    /// Whether OVN health-checks VIP <paramref name="key"/> of NB load balancer <paramref name="balancer"/>;
    /// null while the Northbound is not usable, so that the Southbound alone decides.
    /// </summary>
    public bool? IsChecked(Guid balancer, string key)
    {
        if (!Usable)
        {
            return null;
        }

        if (!_balancers.TryGetValue(balancer, out var row) || !row.Checkable)
        {
            return false;
        }

        foreach (var reference in row.HealthChecks.Atoms)
        {
            if (reference.AsUuid() is { } uuid && _checks.TryGetValue(uuid, out var vip) && vip == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Applies a monitor reply or update; adds to <paramref name="changed"/> the NB load balancers whose
    /// answer may differ. A full reply (<paramref name="snapshot"/>) replaces everything; a resumed one
    /// (monitor_cond_since found the last transaction) carries only the missed changes and is applied
    /// as an update, exactly as the Southbound's. Either reply makes the replica usable again.
    /// </summary>
    public void Apply(IReadOnlyList<TableUpdate> tables, bool snapshot, ISet<Guid> changed)
    {
        if (snapshot)
        {
            changed.UnionWith(_balancers.Keys);
            _balancers.Clear();
            _checks.Clear();
            Synced = true;
            _connected = true;
        }

        bool checksChanged = false;
        foreach (var table in tables)
        {
            foreach (var row in table.Rows)
            {
                if (table.Table == NorthboundSchema.HealthCheck)
                {
                    ApplyCheck(row);
                    checksChanged = true;
                }
                else
                {
                    ApplyBalancer(row);
                    changed.Add(row.Uuid);
                }
            }
        }

        if (checksChanged)
        {
            // A check's vip changed or a check appeared: rare, so every balancer is asked again.
            changed.UnionWith(_balancers.Keys);
        }
    }

    /// <summary>A resumed monitor reply arrived: the replica is complete again (call after <see cref="Apply"/>).</summary>
    public void Connected() => _connected = Synced;

    /// <summary>The connection was lost; the rows stay for a resume. True when this made the replica unusable.</summary>
    public bool Lost()
    {
        bool was = Usable;
        _connected = false;
        return was;
    }

    private void ApplyCheck(RowUpdate update)
    {
        if (update.Kind == RowChangeKind.Delete)
        {
            _checks.Remove(update.Uuid);
            return;
        }

        foreach (var (column, value) in update.Columns)
        {
            if (column == NorthboundSchema.HealthCheckVip)
            {
                _checks[update.Uuid] = value.Single?.AsString() ?? string.Empty;
            }
        }

        _checks.TryAdd(update.Uuid, string.Empty);
    }

    private void ApplyBalancer(RowUpdate update)
    {
        _balancers.Remove(update.Uuid, out var old);
        if (update.Kind == RowChangeKind.Delete)
        {
            return;
        }

        bool modify = update.Kind == RowChangeKind.Modify && old is not null;
        var row = modify ? old! : new NorthboundBalancer(OvsdbValue.EmptySet, false, false, OvsdbValue.EmptyMap, NorthboundBalancer.NoPorts);
        foreach (var (column, value) in update.Columns)
        {
            row = column switch
            {
                NorthboundSchema.LoadBalancerHealthCheck => row with { HealthChecks = modify ? OvsdbDiff.ApplySet(row.HealthChecks, value) : value },
                NorthboundSchema.LoadBalancerProtocol => row with { Sctp = value.Single?.AsString() == "sctp" },
                NorthboundSchema.LoadBalancerOptions => row with { Template = IsTemplate(row.Template, value, modify) },
                NorthboundSchema.LoadBalancerName => row with { Name = value.Single?.AsString() ?? string.Empty },
                NorthboundSchema.LoadBalancerIpPortMappings => Mapped(row, modify ? OvsdbDiff.ApplyMap(row.Mappings, value) : value),
                _ => row,
            };
        }

        _balancers[update.Uuid] = row;
    }

    private static NorthboundBalancer Mapped(NorthboundBalancer row, OvsdbValue mappings) =>
        row with { Mappings = mappings, Ports = NorthboundBalancer.PortsOf(mappings) };

    /// <summary>The logical port of each backend address NB load balancer <paramref name="balancer"/> maps (ip_port_mappings); empty when unknown.</summary>
    public IReadOnlyDictionary<IPAddress, string> MappedPorts(Guid balancer) =>
        _balancers.TryGetValue(balancer, out var row) ? row.Ports : NorthboundBalancer.NoPorts;

    /// <summary>options:template=true; a diff pair for the key toggles it off when it repeats the current value.</summary>
    private static bool IsTemplate(bool current, OvsdbValue options, bool diff)
    {
        foreach (var (key, value) in options.PairsOrEmpty)
        {
            if (key.AsString() == "template")
            {
                bool on = value.AsString() == "true";
                return diff && current == on && current ? false : on;
            }
        }

        return current;
    }
}
