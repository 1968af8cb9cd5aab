using System.Runtime.InteropServices;

namespace ExaHealth.Southbound;

/// <summary>
/// VIP address to backends, and backend to the VIPs that use it, kept up to date entry by entry so
/// that a Service_Monitor change finds its VIPs without scanning every load balancer. Most backends
/// serve one VIP, which is stored inline; only shared backends get a list.
/// </summary>
internal sealed class VipIndex
{
    private readonly Dictionary<IpKey, VipBackends> _vips = [];
    private readonly Dictionary<BackendKey, UsedBy> _usedBy = [];

    public int Count => _vips.Count;

    public IEnumerable<VipBackends> Vips => _vips.Values;

    public VipBackends? Find(IpKey address) => _vips.GetValueOrDefault(address);

    /// <summary>Calls <paramref name="visit"/> for each VIP whose backends include <paramref name="backend"/>.</summary>
    public void ForEachUser(BackendKey backend, Action<VipBackends> visit)
    {
        if (!_usedBy.TryGetValue(backend, out var users))
        {
            return;
        }

        if (users.Many is { } many)
        {
            foreach (var vip in many)
            {
                visit(vip);
            }
        }
        else
        {
            visit(users.Single!);
        }
    }

    /// <summary>Adds an entry; returns the VIP it counts for.</summary>
    public VipBackends Add(VipEntry entry, BackendProtocol protocol)
    {
        ref var vip = ref CollectionsMarshal.GetValueRefOrAddDefault(_vips, entry.Vip.Address, out _);
        vip ??= new VipBackends(entry.Vip.Address);
        vip.Entries++;
        foreach (var backend in entry.Backends)
        {
            var key = new BackendKey(backend.Address, backend.Port, protocol);
            if (vip.AddBackend(key, entry.HealthChecked))
            {
                ref var users = ref CollectionsMarshal.GetValueRefOrAddDefault(_usedBy, key, out bool exists);
                users = !exists ? new UsedBy(vip, null) : users.Many is { } many ? Append(users, many, vip) : new UsedBy(null, [users.Single!, vip]);
            }
        }

        return vip;
    }

    /// <summary>Removes an entry; returns the VIP it counted for (null if unknown).</summary>
    public VipBackends? Remove(VipEntry entry, BackendProtocol protocol)
    {
        if (!_vips.TryGetValue(entry.Vip.Address, out var vip))
        {
            return null;
        }

        foreach (var backend in entry.Backends)
        {
            var key = new BackendKey(backend.Address, backend.Port, protocol);
            if (vip.RemoveBackend(key, entry.HealthChecked) && _usedBy.TryGetValue(key, out var users))
            {
                if (users.Many is { } many)
                {
                    many.Remove(vip);
                    _usedBy[key] = many.Count == 1 ? new UsedBy(many[0], null) : users;
                }
                else
                {
                    _usedBy.Remove(key);
                }
            }
        }

        if (--vip.Entries == 0)
        {
            _vips.Remove(entry.Vip.Address);
        }

        return vip;
    }

    public void Clear()
    {
        _vips.Clear();
        _usedBy.Clear();
    }

    private static UsedBy Append(UsedBy users, List<VipBackends> many, VipBackends vip)
    {
        many.Add(vip);
        return users;
    }

    /// <summary>One VIP inline, or several in a list.</summary>
    private readonly record struct UsedBy(VipBackends? Single, List<VipBackends>? Many);
}
