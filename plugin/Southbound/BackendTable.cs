using System.Runtime.InteropServices;

namespace ExaHealth.Southbound;

/// <summary>
/// Backend key to <see cref="BackendEntry"/>: the join of Service_Monitor rows and vips entries in
/// one table, since at 50,000 backends every dictionary costs megabytes. A status change finds its
/// VIPs here without scanning any load balancer. Entries live in slots that keep their place while
/// the entry exists (while any row is counted in it): a counted Service_Monitor row keeps its
/// slot, so a status flip reaches its backend without a hash lookup, the lookup that was a third of
/// applying a site-wide failure (a cache miss per row).
/// </summary>
internal sealed class BackendTable
{
    private readonly Dictionary<BackendAddress, int> _index = [];
    private readonly Stack<int> _free = [];
    private BackendEntry[] _slots = [];
    private int _used;

    /// <summary>
    /// The rows of a backend: all of (ip, port, protocol), or, when the key names a logical port,
    /// only the rows of that port (<see cref="BackendRowCounts.Checks"/> is the backend's either way).
    /// </summary>
    public BackendRowCounts Counts(BackendKey key)
    {
        if (!_index.TryGetValue(BackendAddress.Of(key), out int slot))
        {
            return default;
        }

        ref var entry = ref _slots[slot];
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

    /// <summary>
    /// Counts a row (of <paramref name="port"/>, when known) in or out (<paramref name="delta"/> ±1) and
    /// visits the VIPs the backend serves. Returns the backend's slot, which stays its own while a row
    /// is counted in it (for <see cref="Move"/>), or -1 when the backend is gone.
    /// </summary>
    public int Count(BackendKey key, string? port, BackendStatus status, int delta, Action<VipBackends> visit)
    {
        int slot = Find(key, add: true);
        ref var entry = ref _slots[slot];
        entry.Counts = entry.Counts.With(status, delta);
        if (port is not null)
        {
            entry.Ports = BackendPorts.Count(entry.Ports, port, status, delta);
        }

        var users = entry.Users;
        if (entry.IsEmpty)
        {
            Release(key, slot);
            slot = -1;
        }

        Visit(users, visit);
        return slot;
    }

    /// <summary>
    /// A row counted in <paramref name="slot"/> (of <paramref name="port"/>, when known) went from one
    /// status to another: no lookup, where counting it out and in again took two. Its VIPs are the
    /// caller's to visit (<see cref="VisitUsers"/>, or later through <see cref="UsersAt"/>).
    /// </summary>
    public void Move(int slot, string? port, BackendStatus from, BackendStatus to)
    {
        ref var entry = ref _slots[slot];
        entry.Counts = entry.Counts.With(from, -1).With(to, +1);
        if (port is not null)
        {
            entry.Ports = BackendPorts.Move(entry.Ports, port, from, to);
        }
    }

    /// <summary>The VIPs a backend in use serves: a <see cref="VipBackends"/>, a <see cref="List{T}"/> of them, or null.</summary>
    public object? UsersAt(int slot) => _slots[slot].Users;

    public void VisitUsers(int slot, Action<VipBackends> visit) => Visit(_slots[slot].Users, visit);

    /// <summary>A health-checked vips entry lists the backend (+1) or no longer does (-1).</summary>
    public void CountCheck(BackendKey key, int delta)
    {
        int slot = Find(key, add: true);
        ref var entry = ref _slots[slot];
        entry.Counts = entry.Counts with { Checks = entry.Counts.Checks + delta };
        if (entry.IsEmpty)
        {
            Release(key, slot);
        }
    }

    public void ForEachUser(BackendKey key, Action<VipBackends> visit)
    {
        if (_index.TryGetValue(BackendAddress.Of(key), out int slot))
        {
            Visit(_slots[slot].Users, visit);
        }
    }

    public void AddUser(BackendKey key, VipBackends vip)
    {
        // The slot first: finding it may grow the array.
        int slot = Find(key, add: true);
        ref var entry = ref _slots[slot];
        entry.Users = entry.Users switch
        {
            null => vip,
            List<VipBackends> many => Append(many, vip),
            var single => new List<VipBackends>(2) { (VipBackends)single, vip },
        };
    }

    public void RemoveUser(BackendKey key, VipBackends vip)
    {
        int slot = Find(key, add: false);
        if (slot < 0)
        {
            return;
        }

        ref var entry = ref _slots[slot];
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
            Release(key, slot);
        }
    }

    public void Clear()
    {
        _index.Clear();
        _free.Clear();
        Array.Clear(_slots, 0, _used);
        _used = 0;
    }

    /// <summary>Gives back the room a snapshot's growth left over (slots above the highest in use).</summary>
    public void TrimExcess()
    {
        _index.TrimExcess();
        _free.TrimExcess();
        if (_free.Count == 0 && _slots.Length > _used)
        {
            Array.Resize(ref _slots, _used);
        }
    }

    /// <summary>
    /// Lays the entries out again: first in the order of <paramref name="order"/> (slots as rows name
    /// them, repeats ignored), then the ones no row names. Returns where each old slot went (-1: free).
    /// Rows arrive in the same order in every message (ovsdb-server writes them sorted by uuid), so a
    /// site-wide failure then walks the slots in order instead of jumping across megabytes.
    /// </summary>
    public int[] LayOut(IEnumerable<int> order)
    {
        var moved = new int[_used];
        Array.Fill(moved, -1);
        var slots = new BackendEntry[_index.Count];
        int next = 0;
        foreach (int old in order)
        {
            if (moved[old] < 0)
            {
                moved[old] = next;
                slots[next++] = _slots[old];
            }
        }

        foreach (var key in _index.Keys.ToArray())
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrNullRef(_index, key);
            if (moved[slot] < 0)
            {
                moved[slot] = next;
                slots[next++] = _slots[slot];
            }

            slot = moved[slot];
        }

        _slots = slots;
        _used = next;
        _free.Clear();
        return moved;
    }

    private int Find(BackendKey key, bool add)
    {
        if (!add)
        {
            return _index.TryGetValue(BackendAddress.Of(key), out int found) ? found : -1;
        }

        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, BackendAddress.Of(key), out bool exists);
        if (!exists)
        {
            slot = Allocate();
        }

        return slot;
    }

    private int Allocate()
    {
        if (_free.TryPop(out int slot))
        {
            return slot;
        }

        if (_used == _slots.Length)
        {
            Array.Resize(ref _slots, Math.Max(16, _slots.Length * 2));
        }

        return _used++;
    }

    private void Release(BackendKey key, int slot)
    {
        _index.Remove(BackendAddress.Of(key));
        _slots[slot] = default;
        _free.Push(slot);
    }

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

    private static List<VipBackends> Append(List<VipBackends> many, VipBackends vip)
    {
        many.Add(vip);
        return many;
    }
}
