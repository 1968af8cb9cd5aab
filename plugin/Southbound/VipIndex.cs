using System.Runtime.InteropServices;

namespace ExaHealth.Southbound;

/// <summary>
/// VIP address to backends, kept up to date entry by entry, with each backend's VIPs recorded in
/// the shared <see cref="BackendTable"/>, so that a Service_Monitor change finds its VIPs without
/// scanning every load balancer.
/// </summary>
internal sealed class VipIndex(BackendTable backends, Action<VipBackends>? touch = null)
{
    private readonly Dictionary<IpKey, VipBackends> _vips = [];

    public int Count => _vips.Count;

    public IEnumerable<VipBackends> Vips => _vips.Values;

    public VipBackends? Find(IpKey address) => _vips.GetValueOrDefault(address);

    /// <summary>Adds an entry; returns the VIP it counts for.</summary>
    public VipBackends Add(VipEntry entry, BackendProtocol protocol)
    {
        ref var vip = ref CollectionsMarshal.GetValueRefOrAddDefault(_vips, entry.Vip.Address, out _);
        vip ??= new VipBackends(entry.Vip.Address, entry.Backends.Length);
        vip.Entries++;
        foreach (var backend in entry.Backends)
        {
            var (check, port) = entry.CheckOf(backend);
            var key = new BackendKey(backend.Address, backend.Port, protocol, port);
            if (vip.AddBackend(key, check))
            {
                backends.AddUser(key, vip);
            }

            if (check is BackendCheck.Checked or BackendCheck.CheckedUnmapped)
            {
                CountCheck(key, +1);
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
            var (check, port) = entry.CheckOf(backend);
            var key = new BackendKey(backend.Address, backend.Port, protocol, port);
            if (check is BackendCheck.Checked or BackendCheck.CheckedUnmapped)
            {
                CountCheck(key, -1);
            }

            if (vip.RemoveBackend(key, check))
            {
                backends.RemoveUser(key, vip);
            }
        }

        if (--vip.Entries == 0)
        {
            _vips.Remove(entry.Vip.Address);
        }

        return vip;
    }

    public void Clear() => _vips.Clear();

    /// <summary>
    /// Whether any checked entry lists a backend decides how the unchecked entries that list it read
    /// its rows (left from a removed check, or another entry's), so every VIP using it is touched.
    /// </summary>
    private void CountCheck(BackendKey key, int delta)
    {
        int before = backends.Counts(key).Checks;
        backends.CountCheck(key, delta);
        if (touch is not null && (before == 0) != (before + delta == 0))
        {
            backends.ForEachUser(key, touch);
        }
    }

    public void TrimExcess() => _vips.TrimExcess();
}
