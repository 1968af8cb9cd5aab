using System.Net;

namespace ExaHealth.Runtime;

/// <summary>The VIPs whose status may have changed since the status was last built, or "all of them" (a new configuration).</summary>
internal sealed class StatusMarks
{
    private readonly HashSet<IPAddress> _changed = [];
    private bool _all = true;

    public void Mark(IPAddress address) => _changed.Add(address);

    public void Mark(IEnumerable<IPAddress> addresses) => _changed.UnionWith(addresses);

    public void MarkAll() => _all = true;

    /// <summary>Adds the marked VIPs to <paramref name="into"/>; true when every VIP's may have changed, so the caller rebuilds all.</summary>
    public bool Take(ISet<IPAddress> into)
    {
        bool all = _all;
        _all = false;
        into.UnionWith(_changed);
        _changed.Clear();
        return all;
    }

    /// <summary>Gives back the room a snapshot took (every VIP is marked by one).</summary>
    public void Trim() => _changed.TrimExcess();
}
