using System.Net;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Neighbor states as ExaBGP last reported them; touched by the stdin loop only. ExaBGP may repeat
/// a state, and only a change is worth acting on.
/// </summary>
internal sealed class NeighborStates
{
    private readonly Dictionary<IPAddress, bool> _peers = [];

    /// <summary>Records <paramref name="up"/> for <paramref name="peer"/>; false when it was already so.</summary>
    public bool Changed(IPAddress peer, bool up)
    {
        if (_peers.TryGetValue(peer, out bool was) && was == up)
        {
            return false;
        }

        _peers[peer] = up;
        return true;
    }
}
