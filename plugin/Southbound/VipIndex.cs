using System.Net;

namespace ExaHealth.Southbound;

/// <summary>
/// VIP address to backends, and backend to the VIP addresses that use it, kept up to date entry
/// by entry so that a Service_Monitor change finds its VIPs without scanning every load balancer.
/// </summary>
internal sealed class VipIndex
{
    private readonly Dictionary<IPAddress, VipBackends> _vips = [];
    private readonly Dictionary<BackendKey, List<IPAddress>> _usedBy = [];

    public int Count => _vips.Count;

    public IEnumerable<IPAddress> Addresses => _vips.Keys;

    public VipBackends? Find(IPAddress address) => _vips.GetValueOrDefault(address);

    /// <summary>The VIP addresses whose backends include <paramref name="backend"/>.</summary>
    public IReadOnlyList<IPAddress> UsedBy(BackendKey backend) =>
        _usedBy.TryGetValue(backend, out var list) ? list : [];

    public void Add(VipEntry entry, BackendProtocol protocol)
    {
        var address = entry.Vip.Address;
        if (!_vips.TryGetValue(address, out var vip))
        {
            vip = new VipBackends(address);
            _vips.Add(address, vip);
        }

        vip.Entries++;
        foreach (var backend in entry.Backends)
        {
            var key = new BackendKey(backend.Address, backend.Port, protocol);
            if (vip.AddBackend(key, entry.HealthChecked))
            {
                if (!_usedBy.TryGetValue(key, out var list))
                {
                    list = new List<IPAddress>(1);
                    _usedBy.Add(key, list);
                }

                list.Add(address);
            }
        }
    }

    public void Remove(VipEntry entry, BackendProtocol protocol)
    {
        var address = entry.Vip.Address;
        if (!_vips.TryGetValue(address, out var vip))
        {
            return;
        }

        foreach (var backend in entry.Backends)
        {
            var key = new BackendKey(backend.Address, backend.Port, protocol);
            if (vip.RemoveBackend(key, entry.HealthChecked) && _usedBy.TryGetValue(key, out var list))
            {
                list.Remove(address);
                if (list.Count == 0)
                {
                    _usedBy.Remove(key);
                }
            }
        }

        if (--vip.Entries == 0)
        {
            _vips.Remove(address);
        }
    }

    public void Clear()
    {
        _vips.Clear();
        _usedBy.Clear();
    }
}
