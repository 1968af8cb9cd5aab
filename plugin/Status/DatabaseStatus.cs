namespace ExaHealth.Status;

/// <summary>One database connection in the status file.</summary>
internal sealed record DatabaseStatus(
    string? Remote,
    bool Connected,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? LastSnapshot,
    double? SnapshotAgeSeconds,
    DateTimeOffset? LostSince,
    string? LastError);
