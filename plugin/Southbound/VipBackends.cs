using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ExaHealth.Southbound;

/// <summary>
/// Everything the Southbound says about one VIP address: how many vips entries name it (over all
/// selected load balancers) and the union of their backends, each with the entries that list it,
/// so removing one entry leaves the others' backends in place.
/// </summary>
internal sealed class VipBackends
{
    private readonly Dictionary<BackendKey, BackendRefs> _backends = [];

    public VipBackends(IPAddress address) => Address = address;

    public IPAddress Address { get; }

    /// <summary>Number of vips entries (across load balancers) with this address.</summary>
    public int Entries { get; set; }

    /// <summary>The distinct backends of the address.</summary>
    public IReadOnlyCollection<BackendKey> Backends => _backends.Keys;

    public IEnumerable<KeyValuePair<BackendKey, BackendRefs>> References => _backends;

    /// <summary>Adds one reference; true when the backend is new to this address.</summary>
    public bool AddBackend(BackendKey backend, bool? healthChecked)
    {
        ref var refs = ref CollectionsMarshal.GetValueRefOrAddDefault(_backends, backend, out bool existed);
        refs = refs.With(healthChecked, +1);
        return !existed;
    }

    /// <summary>Drops one reference; true when it was the last one.</summary>
    public bool RemoveBackend(BackendKey backend, bool? healthChecked)
    {
        ref var refs = ref CollectionsMarshal.GetValueRefOrNullRef(_backends, backend);
        if (Unsafe.IsNullRef(ref refs))
        {
            return false;
        }

        refs = refs.With(healthChecked, -1);
        if (refs.Total > 0)
        {
            return false;
        }

        _backends.Remove(backend);
        return true;
    }
}
