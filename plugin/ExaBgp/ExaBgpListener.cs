using System.Net;
using Microsoft.Extensions.Logging;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Acts on what ExaBGP says on stdin: answers go to the ack tracker, a neighbor that came up again
/// asks for the routes again, and what ExaBGP says once is logged once. Runs on the stdin loop.
/// </summary>
internal sealed class ExaBgpListener(AckTracker acks, Action<IPAddress> neighborUp, ILogger logger)
{
    private readonly NeighborStates _neighbors = new();
    private bool _unsupportedSaid;

    /// <summary>ExaBGP said it is shutting down: it closes its sessions before it signals its processes.</summary>
    public bool ShuttingDown { get; private set; }

    public void OnInput(ExaBgpInput input)
    {
        switch (input.Kind)
        {
            case ExaBgpInputKind.Done:
                acks.Answer(ok: true);
                break;
            case ExaBgpInputKind.Error:
                acks.Answer(ok: false);
                break;
            case ExaBgpInputKind.NeighborUp when _neighbors.Changed(input.Peer!, up: true):
                // Only a session that came up again needs the routes again: an "up" repeated
                // without a "down" between would otherwise make every stdin line cost O(VIPs).
                ExaBgpLog.NeighborUp(logger, input.Peer!);
                neighborUp(input.Peer!);
                break;
            case ExaBgpInputKind.NeighborDown when _neighbors.Changed(input.Peer!, up: false):
                ExaBgpLog.NeighborDown(logger, input.Peer!);
                break;
            case ExaBgpInputKind.UnsupportedVersion when !_unsupportedSaid:
                // Said once: the plugin keeps running (ExaBGP gives up on a dying one), but nothing it writes will be understood.
                _unsupportedSaid = true;
                ExaBgpLog.UnsupportedVersion(logger);
                break;
            case ExaBgpInputKind.Shutdown when !ShuttingDown:
                // ExaBGP says it once; anything repeating it is not worth a line each time.
                ShuttingDown = true;
                ExaBgpLog.Shutdown(logger);
                break;
        }
    }
}
