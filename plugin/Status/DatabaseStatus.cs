namespace ExaHealth.Status;

/// <summary>
/// One database connection in the status file. <see cref="Ignored"/> says why the Northbound does
/// not refine decisions right now (not synced yet, or lost); null when it does.
/// </summary>
internal sealed record DatabaseStatus(
    string? Remote,
    bool Connected,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastSnapshot,
    double? SnapshotAgeSeconds,
    DateTimeOffset? LostSince,
    string? LastError,
    string? Ignored = null);
