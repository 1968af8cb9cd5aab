using System.Net;
using ExaHealth.Ovsdb;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Southbound;

/// <summary>
/// The local copy of the monitored Load_Balancer and Service_Monitor rows. The monitor reply and
/// every later update go through the same <see cref="Apply"/>, which reads the rows straight from
/// the message (no intermediate object per row); each call reports the VIP addresses whose inputs
/// it changed, so later stages re-evaluate only those. The rows of each table are kept by their own
/// type (<see cref="MonitorRows"/>, <see cref="BalancerRows"/>, <see cref="ChassisGuard"/>); this one
/// routes rows to them and owns the indexes they share.
/// </summary>
internal sealed class SouthboundReplica : ITableUpdateSink
{
    private readonly BackendTable _backends = new();
    private readonly VipIndex _vips;
    private readonly MonitorRows _monitors;
    private readonly BalancerRows _balancers;
    private ISet<IPAddress>? _touched;
    // Apply's deferFlips: the backends whose rows only changed status, their VIPs found while deciding.
    private readonly List<int> _flippedSlots = [];
    private bool _deferFlips;
    // A snapshot was compacted since the backends were last laid out in row order.
    private bool _layOutDue;
    // Never 0, the stamp of a VIP not touched yet; a long does not wrap in practice, and if it did, 0 is skipped.
    private long _touchStamp;

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
        Action<VipBackends> touch = vip =>
        {
            // A VIP is touched once per backend row changed (five times when all its backends fail
            // at once): the set is asked only the first time in each call.
            if (_touched is { } touched && vip.TouchedIn != _touchStamp)
            {
                vip.TouchedIn = _touchStamp;
                touched.Add(vip.Address);
            }
        };
        Action<int> flipped = slot =>
        {
            if (_touched is null)
            {
                return;
            }

            if (_deferFlips)
            {
                _flippedSlots.Add(slot);
            }
            else
            {
                _backends.VisitUsers(slot, touch);
            }
        };
        _vips = new VipIndex(_backends, touch);
        _monitors = new MonitorRows(_backends, logger, trackOvnTiming, touch, flipped, staleChassis);
        _guard = _monitors.Guard;
        _balancers = new BalancerRows(_vips, filter, isChecked, logger, touch);
    }

    public int LoadBalancerCount => _balancers.Count;

    public int ServiceMonitorCount => _monitors.Count;

    public int VipCount => _vips.Count;

    public IEnumerable<IPAddress> VipAddresses => _vips.Vips.Select(v => v.Address);

    public VipBackends? FindVip(IPAddress address) => _vips.Find(IpKey.From(address));

    public BackendRowCounts GetBackend(BackendKey key) => _backends.Counts(key);

    /// <summary>The NB load balancers some SB row comes from (by lb_id or shared UUID); not on the hot path.</summary>
    public HashSet<Guid> NorthboundRows() => _balancers.NorthboundRows();

    /// <summary>Every vips entry that counts, with its load balancer's name and protocol (for reports; not on the hot path).</summary>
    public IEnumerable<(string Name, BackendProtocol Protocol, VipEntry Entry)> SelectedEntries() => _balancers.SelectedEntries();

    /// <summary>The health-check timing of a backend's rows (largest values); empty unless tracked.</summary>
    public OvnTiming GetTiming(BackendKey key) => _monitors.GetTiming(key);

    /// <summary>
    /// Applies one monitor reply (<paramref name="snapshot"/>: replaces everything) or one update,
    /// adding to <paramref name="touched"/> (unless null: a replica still being built) every VIP
    /// address whose backends or statuses changed.
    /// The message was checked by the session (<see cref="TableUpdatesData.Take"/>), so reading it cannot fail half way.
    /// With <paramref name="deferFlips"/> (an update), the VIPs of rows that only changed status are
    /// not added: <see cref="FlippedVips"/> gives them, to be decided as they are found.
    /// </summary>
    public void Apply(TableUpdatesData updates, bool snapshot, ISet<IPAddress>? touched, bool deferFlips = false)
    {
        _flippedSlots.Clear();
        _deferFlips = deferFlips && !snapshot;
        if (snapshot)
        {
            touched?.UnionWith(VipAddresses);
            _monitors.Clear();
            _balancers.Clear();
            _backends.Clear();
            _vips.Clear();
            _guard?.Clear();
        }

        _touched = touched;
        NextTouchStamp();
        updates.ReadInto(this);
        if (snapshot)
        {
            Compact();
        }
    }

    /// <summary>
    /// After an <see cref="Apply"/> with deferFlips: the VIPs of the backends whose rows only changed
    /// status, each once, leaving out those in <paramref name="touched"/> (reported already). Found as
    /// they are enumerated, while they are decided: finding a VIP is a cache miss per backend at
    /// tens of thousands of rows, which then no longer holds back a large update's first decisions.
    /// Valid until the replica changes again.
    /// </summary>
    public IEnumerable<IPAddress> FlippedVips(ISet<IPAddress> touched)
    {
        NextTouchStamp();
        long stamp = _touchStamp;
        foreach (int slot in _flippedSlots)
        {
            switch (_backends.UsersAt(slot))
            {
                case VipBackends single:
                    if (Fresh(single))
                    {
                        yield return single.Address;
                    }

                    break;
                case List<VipBackends> many:
                    foreach (var vip in many)
                    {
                        if (Fresh(vip))
                        {
                            yield return vip.Address;
                        }
                    }

                    break;
            }
        }

        bool Fresh(VipBackends vip)
        {
            if (vip.TouchedIn == stamp)
            {
                return false;
            }

            vip.TouchedIn = stamp;
            return !touched.Contains(vip.Address);
        }
    }

    private void NextTouchStamp()
    {
        if (++_touchStamp == 0)
        {
            _touchStamp = 1;
        }
    }

    /// <summary>
    /// Gives back the room that growing through a snapshot left in the tables (megabytes at 50,000
    /// rows); laying the backends out in row order is left for <see cref="LayOutIfDue"/>.
    /// </summary>
    public void Compact()
    {
        _monitors.TrimExcess();
        _balancers.TrimExcess();
        _backends.TrimExcess();
        _vips.TrimExcess();
        _layOutDue = true;
    }

    /// <summary>
    /// After a full snapshot, once: the backends laid out in the order their rows come, so that a
    /// site-wide failure walks them in order. Several milliseconds at 50,000 rows, so done once the
    /// snapshot's commands are out (with the heap compaction), not between the snapshot and its
    /// first announce; until then the slots are merely out of order.
    /// </summary>
    public void LayOutIfDue()
    {
        if (_layOutDue)
        {
            _layOutDue = false;
            _monitors.LayOutBackends();
        }
    }

    void ITableUpdateSink.OnRow(MonitoredTable table, Guid uuid, RowChangeKind kind, ref RowColumns columns)
    {
        switch (table.Name)
        {
            case SouthboundSchema.ServiceMonitor:
                _monitors.Apply(uuid, kind, ref columns);
                break;
            case SouthboundSchema.LoadBalancer:
                _balancers.Apply(uuid, kind, ref columns);
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
            NextTouchStamp();
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
        NextTouchStamp();
        _balancers.Recheck(northboundIds);
    }
}
