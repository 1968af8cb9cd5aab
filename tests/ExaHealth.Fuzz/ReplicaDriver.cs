using System.Net;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;

namespace ExaHealth.Fuzz;

/// <summary>
/// Applies the session's events to a <see cref="SouthboundReplica"/> the way Runtime/Pipeline does
/// (parts into a staging replica that the streamed snapshot puts in place; updates only once
/// synced), then reads the result back and re-checks every Northbound-linked row. Nothing is
/// caught: every table-updates object was checked by the session, so applying one must not fail.
/// </summary>
internal sealed class ReplicaDriver
{
    // Not "*": whether a name is selected is part of what a row change can flip.
    private static readonly LoadBalancerFilter Filter = new(["lb*", "*-v6", "a?c"]);

    private readonly SessionSettings _settings;
    private readonly HashSet<Guid> _northboundIds = [];
    private readonly HashSet<IPAddress> _touched = [];
    private SouthboundReplica _replica;
    private SouthboundReplica? _staging;
    private bool _synced;
    private bool _flipped;

    public ReplicaDriver(SessionSettings settings)
    {
        _settings = settings;
        _replica = NewReplica();
    }

    public void ApplyAll(IEnumerable<OvsdbEvent> events)
    {
        foreach (var e in events)
        {
            Apply(e);
        }

        ReadBack();
        if (_settings.Northbound)
        {
            // The Northbound changes its answer for every load balancer seen: their entries are rebuilt.
            _flipped = true;
            _replica.Recheck(_northboundIds, _touched);
            ReadBack();
        }
    }

    private void Apply(OvsdbEvent e)
    {
        _touched.Clear();
        switch (e)
        {
            case OvsdbSnapshotPart part:
                (_staging ??= NewReplica()).Apply(part.Part, snapshot: false, touched: null);
                break;
            case OvsdbSnapshot { Streamed: true } snapshot:
                var staged = _staging ?? NewReplica();
                _staging = null;
                staged.Apply(snapshot.Updates, snapshot: false, touched: null);
                staged.Compact();
                _replica = staged;
                _synced = true;
                _ = snapshot.Rows.ToString();
                break;
            case OvsdbSnapshot snapshot:
                _replica.Apply(snapshot.Updates, snapshot: !snapshot.Resumed, _touched);
                _synced = true;
                _ = snapshot.Rows.ToString();
                break;
            case OvsdbUpdate update when _synced:
                _replica.Apply(update.Updates, snapshot: false, _touched);
                break;
        }
    }

    private void ReadBack()
    {
        foreach (var address in _replica.VipAddresses.ToArray())
        {
            if (_replica.FindVip(address) is null)
            {
                throw new FuzzInvariantException($"VIP {address} is listed but cannot be found");
            }
        }

        foreach (var (_, _, entry) in _replica.SelectedEntries())
        {
            _ = entry.ToString();
        }
    }

    private SouthboundReplica NewReplica() => new(
        Filter,
        FormattingLogger.Instance,
        trackOvnTiming: _settings.OvnTiming,
        isChecked: _settings.Northbound ? IsChecked : null);

    /// <summary>A made-up Northbound: a fixed answer per key, flipped for the re-check.</summary>
    private HealthCheckConfig? IsChecked(Guid northboundId, string vipKey)
    {
        _northboundIds.Add(northboundId);
        return new HealthCheckConfig(_flipped ^ (vipKey.Length % 2 == 0), ExaHealth.Northbound.NorthboundBalancer.NoPorts);
    }
}
