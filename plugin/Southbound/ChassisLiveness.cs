namespace ExaHealth.Southbound;

/// <summary>
/// Whether the ovn-controller of a chassis is still there to act on its Service_Monitor rows
/// (policy.staleChassis). Only the owning ovn-controller ever changes a row's status: when it dies
/// the rows keep saying online while nothing serves the backend (measured on OVN 26.03: 72–83 s and
/// counting). Two signs are read, never written: the chassis is gone (no Chassis row: deleted by
/// <c>ovn-sbctl chassis-del</c> or by its own graceful exit), or its Chassis_Private.nb_cfg stays behind
/// SB_Global.nb_cfg for longer than the patience after a bump (a live one follows within ~0.2 s).
/// Pure: time comes in through <see cref="Stamp"/> and the <c>now</c> of every question.
/// </summary>
internal sealed class ChassisLiveness(TimeSpan patience)
{
    // Bumps older than every chassis' answer are dropped; a flood keeps the oldest unanswered ones.
    private const int KeptBumps = 64;

    private readonly Dictionary<Guid, string> _chassis = [];
    private readonly Dictionary<string, int> _registered = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, (string Name, long NbCfg)> _private = [];
    private readonly Dictionary<string, long> _answered = new(StringComparer.Ordinal);

    // SB_Global.nb_cfg values in rising order with the moment each was first seen (null: not stamped yet).
    private readonly List<(long Value, DateTimeOffset? Since)> _bumps = [];
    private long _global;

    /// <summary>Set by every change of a Chassis, Chassis_Private or SB_Global row; cleared by the caller once it has looked.</summary>
    public bool Changed { get; set; }

    public void Clear()
    {
        _chassis.Clear();
        _registered.Clear();
        _private.Clear();
        _answered.Clear();
        _bumps.Clear();
        _global = 0;
        Changed = true;
    }

    /// <summary>A Chassis row with its name (null: deleted).</summary>
    public void SetChassis(Guid uuid, string? name)
    {
        if (_chassis.Remove(uuid, out var old) && --_registered[old] == 0)
        {
            _registered.Remove(old);
        }

        if (name is not null)
        {
            _chassis[uuid] = name;
            _registered[name] = _registered.GetValueOrDefault(name) + 1;
        }

        Changed = true;
    }

    public bool TryGetChassisName(Guid uuid, out string? name) => _chassis.TryGetValue(uuid, out name);

    /// <summary>A Chassis_Private row's name and nb_cfg (null name: deleted).</summary>
    public void SetPrivate(Guid uuid, string? name, long nbCfg)
    {
        if (_private.Remove(uuid, out var old))
        {
            _answered.Remove(old.Name);
        }

        if (name is not null)
        {
            _private[uuid] = (name, nbCfg);
            _answered[name] = Math.Max(_answered.GetValueOrDefault(name, long.MinValue), nbCfg);
        }

        Changed = true;
    }

    public bool TryGetPrivate(Guid uuid, out (string Name, long NbCfg) row) => _private.TryGetValue(uuid, out row);

    /// <summary>SB_Global.nb_cfg, as ovn-northd copies it from NB_Global.</summary>
    public void SetGlobal(long nbCfg)
    {
        if (nbCfg > _global)
        {
            _bumps.Add((nbCfg, null));
            if (_bumps.Count > KeptBumps)
            {
                _bumps.RemoveAt(_bumps.Count - 2);
            }
        }
        else if (nbCfg < _global)
        {
            // NB_Global was reset (a new database): earlier bumps mean nothing any more.
            _bumps.Clear();
        }

        _global = nbCfg;
        Changed = true;
    }

    /// <summary>Bumps seen since the last call happened now.</summary>
    public void Stamp(DateTimeOffset now)
    {
        for (int i = _bumps.Count - 1; i >= 0 && _bumps[i].Since is null; i--)
        {
            _bumps[i] = (_bumps[i].Value, now);
        }

        long oldest = _answered.Count == 0 ? _global : _answered.Values.Min();
        _bumps.RemoveAll(b => b.Value <= oldest);
    }

    /// <summary>Why the chassis counts as stale at <paramref name="now"/>; null when it does not.</summary>
    public string? WhyStale(string name, DateTimeOffset now)
    {
        if (!_registered.ContainsKey(name))
        {
            return "no Chassis row";
        }

        if (LateSince(name) is { } since && now - since >= patience)
        {
            return $"Chassis_Private.nb_cfg {_answered[name]} behind SB_Global.nb_cfg {_global} for {(now - since).TotalSeconds:0.#} s";
        }

        return null;
    }

    /// <summary>The earliest moment after <paramref name="now"/> one of <paramref name="names"/> turns stale without any change; null: none will.</summary>
    public DateTimeOffset? NextDue(IEnumerable<string> names, DateTimeOffset now)
    {
        DateTimeOffset? due = null;
        foreach (var name in names)
        {
            if (_registered.ContainsKey(name) && LateSince(name) is { } since && since + patience > now && (due is null || since + patience < due))
            {
                due = since + patience;
            }
        }

        return due;
    }

    // The first bump the chassis has not answered; a chassis without Chassis_Private is not judged.
    private DateTimeOffset? LateSince(string name)
    {
        if (!_answered.TryGetValue(name, out long answered) || answered >= _global)
        {
            return null;
        }

        foreach (var (value, since) in _bumps)
        {
            if (value > answered)
            {
                return since;
            }
        }

        return null;
    }
}
