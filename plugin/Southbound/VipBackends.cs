using System.Net;

namespace ExaHealth.Southbound;

/// <summary>
/// Everything the Southbound says about one VIP address: how many vips entries name it (over all
/// selected load balancers) and the union of their backends, each with the entries that list it,
/// so removing one entry leaves the others' backends in place. A VIP has a handful of backends, so
/// they are kept in a small array searched in order.
/// </summary>
internal sealed class VipBackends
{
    private (BackendKey Key, BackendRefs Refs)[] _backends;
    private int _count;

    /// <param name="capacity">Backends of the first entry: most VIPs have one entry, so the array is made once, to size.</param>
    public VipBackends(IpKey key, int capacity)
    {
        Key = key;
        Address = key.ToAddress();
        _backends = capacity > 0 ? new (BackendKey, BackendRefs)[capacity] : [];
    }

    public IpKey Key { get; }

    /// <summary>The address as the later stages use it (made once per VIP).</summary>
    public IPAddress Address { get; }

    /// <summary>The replica's call that last reported this VIP touched (it reports each VIP once per call).</summary>
    public long TouchedIn { get; set; }

    /// <summary>Number of vips entries (across load balancers) with this address.</summary>
    public int Entries { get; set; }

    public int BackendCount => _count;

    public ReadOnlySpan<(BackendKey Key, BackendRefs Refs)> References => _backends.AsSpan(0, _count);

    /// <summary>The distinct backends of the address.</summary>
    public IEnumerable<BackendKey> Backends => _backends.Take(_count).Select(b => b.Key);

    /// <summary>Adds one reference; true when the backend is new to this address.</summary>
    public bool AddBackend(BackendKey backend, BackendCheck check)
    {
        int i = IndexOf(backend);
        if (i >= 0)
        {
            _backends[i].Refs = _backends[i].Refs.With(check, +1);
            return false;
        }

        if (_count == _backends.Length)
        {
            Array.Resize(ref _backends, Math.Max(4, _count + (_count / 2)));
        }

        _backends[_count++] = (backend, default(BackendRefs).With(check, +1));
        return true;
    }

    /// <summary>Drops one reference; true when it was the last one.</summary>
    public bool RemoveBackend(BackendKey backend, BackendCheck check)
    {
        int i = IndexOf(backend);
        if (i < 0)
        {
            return false;
        }

        var refs = _backends[i].Refs.With(check, -1);
        if (refs.Total > 0)
        {
            _backends[i].Refs = refs;
            return false;
        }

        _backends[i] = _backends[--_count];
        _backends[_count] = default;
        return true;
    }

    private int IndexOf(BackendKey backend)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_backends[i].Key == backend)
            {
                return i;
            }
        }

        return -1;
    }
}
