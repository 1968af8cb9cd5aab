using ExaHealth.Ovsdb;

namespace ExaHealth.Status;

/// <summary>Follows one database connection's events for the status file.</summary>
internal sealed class DatabaseTracker
{
    private string? _remote;
    private bool _connected;
    private DateTimeOffset? _connectedSince;
    private DateTimeOffset? _lastSnapshot;
    private DateTimeOffset? _lostSince;
    private string? _lastError;

    public bool Connected => _connected;

    public void Observe(OvsdbEvent database, DateTimeOffset now)
    {
        switch (database)
        {
            case OvsdbConnected connected:
                _remote = connected.Remote.ToString();
                break;
            case OvsdbSnapshot snapshot:
                _remote = snapshot.Remote.ToString();
                _connected = true;
                _connectedSince = now;
                _lastSnapshot = now;
                _lostSince = null;
                _lastError = null;
                break;
            case OvsdbDisconnected disconnected:
                _lostSince ??= now;
                _connected = false;
                _lastError = disconnected.Reason;
                break;
        }
    }

    public DatabaseStatus Report(DateTimeOffset now) => new(
        _remote,
        _connected,
        _connectedSince,
        _lastSnapshot,
        _lastSnapshot is { } at ? Math.Round((now - at).TotalSeconds, 1) : null,
        _lostSince,
        _lastError);
}
