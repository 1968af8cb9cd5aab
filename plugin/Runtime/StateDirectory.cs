using ExaHealth.Routes;
using ExaHealth.State;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The state file of state.directory, which a reload may move or unset: every batch is recorded
/// before it is sent, and the file is compacted once the announced set changed and nothing waits
/// to be written. Touched by the loop only.
/// </summary>
internal sealed class StateDirectory(TimeProvider time, ILogger logger)
{
    private AnnouncedStore? _store;
    private long _compactedVersion = -1;

    /// <summary>Opens <paramref name="directory"/> at start: the routes a previous incarnation left there.</summary>
    public List<Route> Open(string directory)
    {
        _store = new AnnouncedStore(directory, time, logger);
        return _store.Load();
    }

    public void BeforeSend(List<RouteChange> changes) => _store?.BeforeSend(changes);

    /// <summary>Housekeeping, with nothing queued: compacts when the announced set changed since the last time.</summary>
    public void CompactIfChanged(RouteTable routes)
    {
        if (routes.Version != _compactedVersion)
        {
            _store?.Compact(routes.Routes, routes.Find);
            _compactedVersion = routes.Version;
        }
    }

    public void Compact(RouteTable routes) => _store?.Compact(routes.Routes, routes.Find);

    /// <summary>
    /// state.directory changed: the next restart reads the new one, so what ExaBGP may hold is
    /// written there now; unset, no state is kept from now on.
    /// </summary>
    public void Move(string? directory, RouteTable routes)
    {
        var moved = directory is null ? null : new AnnouncedStore(directory, time, logger);
        if (moved is not null)
        {
            if (_store is not null)
            {
                moved.TakeOver(_store);
            }
            else
            {
                moved.BeforeSend([.. routes.Routes.Select(r => new RouteChange(RouteChangeKind.Announce, r))]);
            }
        }

        _store = moved;
        _compactedVersion = -1;
    }
}
