using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExaHealth.Southbound;

/// <summary>
/// Backend key to <see cref="BackendEntry"/>: the join of Service_Monitor rows and vips entries in
/// one dictionary, since at 50,000 backends every dictionary costs megabytes. A status change
/// finds its VIPs here without scanning any load balancer.
/// </summary>
internal sealed class BackendTable
{
    private readonly Dictionary<BackendKey, BackendEntry> _entries = [];

    /// <summary>
    /// The rows of a backend: all of (ip, port, protocol), or, when the key names a logical port,
    /// only the rows of that port (<see cref="BackendRowCounts.Checks"/> is the backend's either way).
    /// </summary>
    public BackendRowCounts Counts(BackendKey key)
    {
        if (!_entries.TryGetValue(key.Rows(), out var entry))
        {
            return default;
        }

        if (key.LogicalPort is not { } port)
        {
            return entry.Counts;
        }

        foreach (var (name, counts) in entry.Ports ?? [])
        {
            if (name == port)
            {
                return counts with { Checks = entry.Counts.Checks };
            }
        }

        return new BackendRowCounts(0, 0, 0, 0, entry.Counts.Checks);
    }

    /// <summary>Counts a row (of <paramref name="port"/>, when known) in or out (<paramref name="delta"/> ±1) and visits the VIPs the backend serves.</summary>
    public void Count(BackendKey key, string? port, BackendStatus status, int delta, Action<VipBackends> visit)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key.Rows(), out _);
        entry.Counts = entry.Counts.With(status, delta);
        if (port is not null)
        {
            entry.Ports = CountPort(entry.Ports, port, status, delta);
        }

        var users = entry.Users;
        if (entry.IsEmpty)
        {
            _entries.Remove(key.Rows());
        }

        Visit(users, visit);
    }

    /// <summary>
    /// A row of the backend (of <paramref name="port"/>, when known) went from one status to another:
    /// one lookup and one visit of the VIPs, where counting it out and in again took two of each.
    /// </summary>
    public void Move(BackendKey key, string? port, BackendStatus from, BackendStatus to, Action<VipBackends> visit)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key.Rows());
        if (Unsafe.IsNullRef(ref entry))
        {
            // Not counted before (cannot happen for a row that was): count it in.
            Count(key, port, to, +1, visit);
            return;
        }

        entry.Counts = entry.Counts.With(from, -1).With(to, +1);
        if (port is not null)
        {
            entry.Ports = MovePort(entry.Ports, port, from, to);
        }

        Visit(entry.Users, visit);
    }

    /// <summary>A health-checked vips entry lists the backend (+1) or no longer does (-1).</summary>
    public void CountCheck(BackendKey key, int delta)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key.Rows(), out _);
        entry.Counts = entry.Counts with { Checks = entry.Counts.Checks + delta };
        if (entry.IsEmpty)
        {
            _entries.Remove(key.Rows());
        }
    }

    public void ForEachUser(BackendKey key, Action<VipBackends> visit)
    {
        if (_entries.TryGetValue(key.Rows(), out var entry))
        {
            Visit(entry.Users, visit);
        }
    }

    public void AddUser(BackendKey key, VipBackends vip)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key.Rows(), out _);
        entry.Users = entry.Users switch
        {
            null => vip,
            List<VipBackends> many => Append(many, vip),
            var single => new List<VipBackends>(2) { (VipBackends)single, vip },
        };
    }

    public void RemoveUser(BackendKey key, VipBackends vip)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key.Rows());
        if (Unsafe.IsNullRef(ref entry))
        {
            return;
        }

        if (entry.Users is List<VipBackends> many)
        {
            many.Remove(vip);
            entry.Users = many.Count == 1 ? many[0] : many;
        }
        else if (ReferenceEquals(entry.Users, vip))
        {
            entry.Users = null;
        }

        if (entry.IsEmpty)
        {
            _entries.Remove(key.Rows());
        }
    }

    public void Clear() => _entries.Clear();

    /// <summary>Gives back the room a snapshot's growth left over.</summary>
    public void TrimExcess() => _entries.TrimExcess();

    private static void Visit(object? users, Action<VipBackends> visit)
    {
        switch (users)
        {
            case VipBackends single:
                visit(single);
                break;
            case List<VipBackends> many:
                foreach (var vip in many)
                {
                    visit(vip);
                }

                break;
        }
    }

    private static (string Port, BackendRowCounts Counts)[]? MovePort((string Port, BackendRowCounts Counts)[]? ports, string port, BackendStatus from, BackendStatus to)
    {
        for (int i = 0; i < (ports?.Length ?? 0); i++)
        {
            if (ports![i].Port == port)
            {
                ports[i].Counts = ports[i].Counts.With(from, -1).With(to, +1);
                return ports;
            }
        }

        return CountPort(ports, port, to, +1);
    }

    /// <summary>Most backends have one row, so the ports are a tiny array searched in order.</summary>
    private static (string Port, BackendRowCounts Counts)[]? CountPort((string Port, BackendRowCounts Counts)[]? ports, string port, BackendStatus status, int delta)
    {
        ports ??= [];
        for (int i = 0; i < ports.Length; i++)
        {
            if (ports[i].Port == port)
            {
                var counts = ports[i].Counts.With(status, delta);
                if (counts.Rows > 0)
                {
                    ports[i].Counts = counts;
                    return ports;
                }

                return ports.Length == 1 ? null : [.. ports[..i], .. ports[(i + 1)..]];
            }
        }

        return delta > 0 ? [.. ports, (port, default(BackendRowCounts).With(status, delta))] : ports;
    }

    private static List<VipBackends> Append(List<VipBackends> many, VipBackends vip)
    {
        many.Add(vip);
        return many;
    }
}
